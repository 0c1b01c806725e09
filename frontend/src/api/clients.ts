import createClient from 'openapi-fetch';
import { authFetch } from '@/lib/api-client';
import { ProblemError, type Problem } from '@/lib/problem';
import type { paths as GatewayPaths } from './generated/gateway';
import type { paths as MatchingPaths } from './generated/matching';
import type { paths as WorkflowPaths } from './generated/workflow';

// Typed clients over the generated specs. Gateway paths already carry /api; the services'
// specs are dumped without their gateway prefix, hence the baseUrl.
const fetchWithAuth = (req: Request) => authFetch(req);
const origin = () => window.location.origin;

export const gateway = createClient<GatewayPaths>({ baseUrl: origin(), fetch: fetchWithAuth });
export const matching = createClient<MatchingPaths>({ baseUrl: `${origin()}/api/matching`, fetch: fetchWithAuth });
export const workflow = createClient<WorkflowPaths>({ baseUrl: `${origin()}/api/workflow`, fetch: fetchWithAuth });

/** openapi-fetch's result as a value or a thrown ProblemError, like lib/api-client's request(). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (result.error && typeof result.error === 'object' ? result.error : {}) as Partial<Problem>;
  const retry = result.response.headers.get('Retry-After');
  throw new ProblemError(
    { ...body, status: body.status ?? result.response.status, title: body.title ?? result.response.statusText },
    retry ? Number.parseInt(retry, 10) || null : null,
  );
}

/** Like unwrap(), with the ETag the answer carries for a later If-Match update. */
export function unwrapWithEtag<T>(result: { data?: T; error?: unknown; response: Response }): { data: T; etag: string | null } {
  return { data: unwrap(result), etag: result.response.headers.get('ETag') };
}

/** A file the API answers (asked with `parseAs: 'blob'`), or a thrown ProblemError. */
export function unwrapBlob(result: { data?: unknown; error?: unknown; response: Response }): Blob {
  return unwrap(result) as Blob;
}

type PathsWithGet<P> = { [K in keyof P]: P[K] extends { get: object } ? K : never }[keyof P] & string;

type LinkParams = Record<string, string | number>;

function link(prefix: string, path: string, params: LinkParams, query: LinkParams): string {
  const filledPath = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return `${prefix}${filledPath}${search ? `?${search}` : ''}`;
}

/** The address of a public workflow GET for a plain link (open data the browser fetches itself). */
export const workflowHref = (path: PathsWithGet<WorkflowPaths>, params: LinkParams = {}, query: LinkParams = {}) =>
  link('/api/workflow', path, params, query);

/** The address of a public matching GET for a plain link (open data, a template the browser downloads itself). */
export const matchingHref = (path: PathsWithGet<MatchingPaths>, params: LinkParams = {}, query: LinkParams = {}) =>
  link('/api/matching', path, params, query);

/** A multipart body for a typed call: the spec types a file as a (binary) string, the browser sends the
 *  File itself in a FormData (and sets the boundary). */
export function multipart(fields: Record<string, Blob | string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return { body: fields as never, bodySerializer: () => form };
}

/** Query parameters without the empty ones, as a form's blank fields are not filters. */
export function filled<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}
