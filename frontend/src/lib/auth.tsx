import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { gateway, unwrap } from '@/api/clients';
import type { Role } from '@/config/taxonomy';
import type { Me } from '@/types/api';
import { problemFromResponse } from './problem';
import { refreshSettled, refreshTokens } from './api-client';
import { COOKIE_TRANSPORT, tokenStore, toTokens, type TokenResponse, type Tokens } from './token-store';

/** What a sign-in may carry besides the password: the replacement of a temporary password, and
 * the TOTP code (or a recovery code) of an account with a second factor. */
export interface SignInExtras {
  new_password?: string;
  totp_code?: string;
}

/** Exchanges credentials for tokens; the caller decides when to keep the access token. The refresh
 * token arrives as an HttpOnly cookie the page never sees. */
export async function loginWithPassword(username: string, password: string, extras: SignInExtras = {}): Promise<Tokens> {
  const form = new URLSearchParams({ username, password, grant_type: 'password' });
  for (const [key, value] of Object.entries(extras)) if (value) form.set(key, value);
  // The token exchange is the one call below the typed clients: it must carry no bearer and no refresh-on-401.
  // eslint-disable-next-line shigu/typed-api-calls
  const res = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...COOKIE_TRANSPORT },
    credentials: 'same-origin',
    body: form,
  });
  if (!res.ok) throw await problemFromResponse(res);
  return toTokens((await res.json()) as TokenResponse);
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'me'],
    queryFn: async (): Promise<Me> => unwrap(await gateway.GET('/api/auth/me')),
    staleTime: 5 * 60_000,
    retry: false,
  });

interface AuthValue {
  me: Me | null;
  loading: boolean;
  signedIn: boolean;
  hasRole: (role: Role) => boolean;
  login: (username: string, password: string, extras?: SignInExtras) => Promise<Me>;
  logout: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [tokens, setTokens] = useState<Tokens | null>(() => tokenStore.get());
  useEffect(() => tokenStore.subscribe(setTokens), []);
  // A reload starts without an access token: the refresh cookie, if any, restores the session
  // before the app decides who is signed in.
  const [restoring, setRestoring] = useState(() => {
    if (tokenStore.get() !== null) return false;
    // Started while rendering, before any page's query: each waits for it (lib/api-client).
    void refreshTokens();
    return true;
  });
  useEffect(() => {
    if (!restoring) return;
    let live = true;
    void refreshSettled().finally(() => {
      if (live) setRestoring(false);
    });
    return () => {
      live = false;
    };
  }, [restoring]);

  const meQuery = useQuery({ ...meQueryOptions(), enabled: tokens !== null });
  const me = tokens ? (meQuery.data ?? null) : null;

  const login = useCallback(
    async (username: string, password: string, extras?: SignInExtras) => {
      await refreshSettled();
      const fresh = await loginWithPassword(username, password, extras);
      // A different user may have been signed in: nothing of theirs may survive in the cache,
      // and an in-flight /me with the old token must not answer for the new one.
      await queryClient.cancelQueries();
      queryClient.clear();
      tokenStore.set(fresh);
      return queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
    },
    [queryClient],
  );

  const logout = useCallback(() => {
    // The server revokes the session's refresh family (a copy of the token left anywhere is dead
    // too) and clears the cookie. Like the token exchange it goes below the typed clients: the access
    // token may already be gone, and a 401 here must not start a refresh.
    // eslint-disable-next-line shigu/typed-api-calls
    void fetch('/api/auth/logout', { method: 'POST', headers: { ...COOKIE_TRANSPORT }, credentials: 'same-origin' });
    tokenStore.set(null);
    queryClient.clear();
  }, [queryClient]);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: restoring || (tokens !== null && meQuery.isPending),
      signedIn: me !== null,
      hasRole: (role) => me?.roles.includes(role) ?? false,
      login,
      logout,
    }),
    [me, tokens, restoring, meQuery.isPending, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The landing page of a user's first role. */
export function homeForRoles(roles: readonly string[]): string {
  const order: [Role, string][] = [
    ['admin', '/admin'],
    ['gov_reviewer', '/gov'],
    ['expert', '/expert'],
    ['enterprise', '/enterprise'],
    ['vendor', '/vendor'],
  ];
  return order.find(([r]) => roles.includes(r))?.[1] ?? '/';
}
