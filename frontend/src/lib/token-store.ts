/** The access token of this tab, in memory only (decision 0091): nothing token-like is written to
 * localStorage, sessionStorage or IndexedDB. The refresh token lives in an HttpOnly cookie the page
 * cannot read; a reload restores the session through /api/auth/refresh. */
export interface Tokens {
  access_token: string;
  expires_at: number;
}

type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();
let current: Tokens | null = null;
let changes = 0;

export const tokenStore = {
  get(): Tokens | null {
    return current;
  },
  /** Counts every set: a refresh answered after a sign-in or sign-out of this tab is not applied. */
  version(): number {
    return changes;
  },
  set(tokens: Tokens | null): void {
    current = tokens;
    changes += 1;
    listeners.forEach((l) => l(tokens));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export function toTokens(res: TokenResponse): Tokens {
  return { access_token: res.access_token, expires_at: Date.now() + res.expires_in * 1000 };
}

/** Headers of a browser request about tokens: the answer puts the refresh token in the cookie, and
 * the cookie is accepted only with X-CSRF (a cross-site form cannot send it). */
export const COOKIE_TRANSPORT = { 'X-Token-Transport': 'cookie', 'X-CSRF': '1' } as const;
