import { problemFromResponse } from './problem';
import { COOKIE_TRANSPORT, tokenStore, toTokens, type TokenResponse } from './token-store';

// One refresh at a time in this tab, shared by every request that hit a 401 together.
let refreshing: Promise<boolean> | null = null;

// Relative paths are resolved against the page, as browsers do (Node's Request does not).
const absolute = (url: string) => new URL(url, window.location.href).toString();

/** Runs `task` holding the browser-wide refresh lock, so that two tabs of the platform never send
 * the same refresh cookie at once: the second waits, then sends the cookie the first one's answer
 * rotated (sending the spent one would be taken for theft and end the session; decision 0091). */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('shigu.auth.refresh', task) as Promise<T>) : task();
}

async function rotate(): Promise<boolean> {
  const before = tokenStore.version();
  const res = await fetch(
    new Request(absolute('/api/auth/refresh'), { method: 'POST', headers: { ...COOKIE_TRANSPORT }, credentials: 'same-origin' }),
  );
  const fresh = res.ok ? toTokens((await res.json()) as TokenResponse) : null;
  // Signed in or out meanwhile: that decision stands.
  if (tokenStore.version() !== before) return tokenStore.get() !== null;
  tokenStore.set(fresh);
  return fresh !== null;
}

/** A new access token from the refresh cookie: at start-up (restoring the session of a reload), on
 * a 401, and after a TOTP enrolment lifts the token's limit. False when there is no session. */
export async function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      return await acrossTabs(rotate);
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Resolves once no refresh of this tab is on its way: a sign-in waits for it, so that its cookie
 * is the one the browser keeps. */
export async function refreshSettled(): Promise<void> {
  await refreshing;
}

/** A request as its address and options, its body (if any) as bytes, a string or a form: each
 * attempt builds a fresh Request from it, so a refresh can send it again, and the browser's own
 * tools see what it carried (a body passed on as a stream they cannot read). */
interface Call {
  url: string;
  init: RequestInit;
}

async function buffered(input: string | Request, init: RequestInit): Promise<Call> {
  if (typeof input === 'string') return { url: absolute(input), init };
  const body = input.method === 'GET' || input.method === 'HEAD' ? undefined : await input.clone().arrayBuffer();
  const options: RequestInit = { method: input.method, headers: input.headers, credentials: input.credentials, signal: input.signal };
  return { url: input.url, init: body === undefined || body.byteLength === 0 ? options : { ...options, body } };
}

function authorised(call: Call): Request {
  const headers = new Headers(call.init.headers);
  const tokens = tokenStore.get();
  if (tokens) headers.set('Authorization', `Bearer ${tokens.access_token}`);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  return new Request(call.url, { ...call.init, headers });
}

/** fetch with the bearer token, one transparent refresh on 401, and problem+json errors. */
export async function authFetch(input: string | Request, init: RequestInit = {}): Promise<Response> {
  // A request made while the session is being restored (a reload) waits for it, so that it goes
  // with the token rather than as an anonymous caller that a draft answers with 404.
  if (tokenStore.get() === null) await refreshSettled();
  const call = await buffered(input, init);
  const hadToken = tokenStore.get() !== null;
  let res = await fetch(authorised(call));
  if (res.status === 401 && hadToken && (await refreshTokens())) {
    res = await fetch(authorised(call));
  }
  return res;
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  form?: FormData | URLSearchParams;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  headers?: Record<string, string>;
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const res = await authFetch(`${path}${buildQuery(options.query)}`, {
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
  });
  if (!res.ok) throw await problemFromResponse(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Like request() but also returns the ETag for later If-Match updates. */
export async function requestWithEtag<T>(path: string): Promise<{ data: T; etag: string | null }> {
  const res = await authFetch(path);
  if (!res.ok) throw await problemFromResponse(res);
  return { data: (await res.json()) as T, etag: res.headers.get('ETag') };
}
