import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/test-utils';
import { refreshTokens, request } from './api-client';
import { ProblemError } from './problem';
import { tokenStore } from './token-store';

afterEach(() => {
  vi.unstubAllGlobals();
  tokenStore.set(null);
});

const pair = (access: string) => jsonResponse({ access_token: access, token_type: 'bearer', expires_in: 900 });

describe('request', () => {
  it('refreshes an expired access token once and retries', async () => {
    tokenStore.set({ access_token: 'old', expires_at: 0 });
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        seen.push(`${req.method} ${new URL(req.url, 'http://x').pathname} ${req.headers.get('Authorization') ?? ''}`);
        if (req.url.endsWith('/api/auth/refresh')) {
          // The refresh token is the browser's cookie: the request carries no body, only the CSRF header.
          seen.push(`csrf=${req.headers.get('X-CSRF')} transport=${req.headers.get('X-Token-Transport')} body=${await req.text()}`);
          return pair('new');
        }
        return req.headers.get('Authorization') === 'Bearer new'
          ? jsonResponse({ ok: true })
          : jsonResponse({ status: 401, title: 'Unauthorized' }, 401);
      }),
    );
    await expect(request('/api/auth/me')).resolves.toEqual({ ok: true });
    expect(seen).toEqual([
      'GET /api/auth/me Bearer old',
      'POST /api/auth/refresh ',
      'csrf=1 transport=cookie body=',
      'GET /api/auth/me Bearer new',
    ]);
    expect(tokenStore.get()?.access_token).toBe('new');
  });

  it('keeps tokens in memory only, never in web storage', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => pair('in-memory')),
    );
    await expect(refreshTokens()).resolves.toBe(true);
    expect(tokenStore.get()?.access_token).toBe('in-memory');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('shares one refresh among the requests of a tab, and forgets the session when it is refused', async () => {
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        calls += 1;
        return jsonResponse({ status: 401, title: 'Unauthorized' }, 401);
      }),
    );
    tokenStore.set({ access_token: 'old', expires_at: 0 });
    await expect(Promise.all([refreshTokens(), refreshTokens()])).resolves.toEqual([false, false]);
    expect(calls).toBe(1);
    expect(tokenStore.get()).toBeNull();
  });

  it('does not apply a refresh answered after the tab signed in meanwhile', async () => {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(
        () =>
          new Promise<Response>((resolve) => {
            answer = resolve;
          }),
      ),
    );
    const restoring = refreshTokens();
    await Promise.resolve();
    tokenStore.set({ access_token: 'signed-in', expires_at: 0 });
    answer(pair('stale'));
    await expect(restoring).resolves.toBe(true);
    expect(tokenStore.get()?.access_token).toBe('signed-in');
  });

  it('holds the browser-wide refresh lock, so two tabs never send the same cookie at once', async () => {
    const held: string[] = [];
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: {
        request: async (name: string, task: () => Promise<unknown>) => {
          held.push(name);
          return task();
        },
      },
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => pair('locked')),
    );
    await expect(refreshTokens()).resolves.toBe(true);
    expect(held).toEqual(['shigu.auth.refresh']);
  });

  it('throws problem+json errors as ProblemError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ type: 'https://shigu.example/problems/conflict', title: 'Conflict', status: 409 }, 409)),
    );
    const err = await request('/api/workflow/challenges/1/actions/submit', { json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).code).toBe('conflict');
  });
});
