import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/test-utils';
import { request } from './api-client';
import { ProblemError } from './problem';
import { tokenStore } from './token-store';

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('refreshes an expired access token once and retries', async () => {
    tokenStore.set({ access_token: 'old', refresh_token: 'r1', expires_at: 0 });
    const seen: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        seen.push(`${req.method} ${new URL(req.url, 'http://x').pathname} ${req.headers.get('Authorization') ?? ''}`);
        if (req.url.endsWith('/api/auth/refresh')) return jsonResponse({ access_token: 'new', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 });
        return req.headers.get('Authorization') === 'Bearer new' ? jsonResponse({ ok: true }) : jsonResponse({ status: 401, title: 'Unauthorized' }, 401);
      }),
    );
    await expect(request('/api/auth/me')).resolves.toEqual({ ok: true });
    expect(seen).toEqual(['GET /api/auth/me Bearer old', 'POST /api/auth/refresh ', 'GET /api/auth/me Bearer new']);
    expect(tokenStore.get()?.refresh_token).toBe('r2');
  });

  it('throws problem+json errors as ProblemError', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ type: 'https://shigu.example/problems/conflict', title: 'Conflict', status: 409 }, 409)));
    const err = await request('/api/workflow/challenges/1/actions/submit', { json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).code).toBe('conflict');
  });
});
