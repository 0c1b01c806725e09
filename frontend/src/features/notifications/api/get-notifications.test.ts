import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/test-utils';
import { getNotifications } from './get-notifications';

afterEach(() => vi.unstubAllGlobals());

describe('getNotifications', () => {
  it('merges both services newest first, and survives one being down', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        req.url.includes('/api/matching/')
          ? jsonResponse([{ id: 'm1', title: '新的匹配需求', item_id: 'd1', item_kind: 'demand', subscription_id: 's', read_at: null, created_at: '2026-11-20T01:00:00Z' }])
          : jsonResponse([{ id: 'w1', title: '问题已答复', body: '发榜单位已答复', challenge_id: 'c1', kind: 'answer', read_at: '2026-11-22T00:00:00Z', created_at: '2026-11-21T01:00:00Z' }]),
      ),
    );
    const items = await getNotifications();
    expect(items.map((n) => [n.id, n.link, n.read])).toEqual([
      ['w1', '/challenges/c1', true],
      ['m1', '/demands/d1', false],
    ]);

    vi.stubGlobal('fetch', vi.fn(async (req: Request) => (req.url.includes('/api/matching/') ? jsonResponse({ status: 503 }, 503) : jsonResponse([]))));
    await expect(getNotifications()).resolves.toEqual([]);
  });
});
