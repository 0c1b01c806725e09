import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '@/testing/test-utils';
import i18n from '@/lib/i18n';
import { deliveryText } from '../components/notification-text';
import { getNotifications } from './get-notifications';

afterEach(() => vi.unstubAllGlobals());

describe('getNotifications', () => {
  it('merges both services newest first, and survives one being down', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        req.url.includes('/api/matching/')
          ? jsonResponse([
              {
                id: 'm1',
                title: '新的匹配需求',
                item_id: 'd1',
                item_kind: 'demand',
                subscription_id: 's',
                read_at: null,
                created_at: '2026-11-20T01:00:00Z',
              },
            ])
          : jsonResponse([
              {
                id: 'w1',
                title: '问题已答复',
                body: '发榜单位已答复',
                challenge_id: 'c1',
                kind: 'answer',
                read_at: '2026-11-22T00:00:00Z',
                created_at: '2026-11-21T01:00:00Z',
              },
            ]),
      ),
    );
    const items = await getNotifications();
    expect(items.map((n) => [n.id, n.link, n.read])).toEqual([
      ['w1', '/challenges/c1', true],
      ['m1', '/demands/d1', false],
    ]);

    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => (req.url.includes('/api/matching/') ? jsonResponse({ status: 503 }, 503) : jsonResponse([]))),
    );
    await expect(getNotifications()).resolves.toEqual([]);
  });

  it('carries the e-mail and SMS state of a workflow notice', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        req.url.includes('/api/matching/')
          ? jsonResponse([])
          : jsonResponse([
              {
                id: 'w1',
                title: '揭榜结果已公布',
                body: '',
                challenge_id: 'c1',
                kind: 'award.final',
                read_at: null,
                created_at: '2026-11-21T01:00:00Z',
                deliveries: [
                  { channel: 'email', state: 'sent', attempts: 1, sent_at: '2026-11-21T01:00:05Z' },
                  { channel: 'sms', state: 'pending', attempts: 2, sent_at: null },
                ],
              },
            ]),
      ),
    );
    const [item] = await getNotifications();
    expect(item?.deliveries).toEqual([
      { channel: 'email', state: 'sent', attempts: 1 },
      { channel: 'sms', state: 'pending', attempts: 2 },
    ]);
    const t = i18n.getFixedT('zh-CN');
    expect(item?.deliveries.map((d) => deliveryText(d, t))).toEqual(['邮件已发送', '短信发送中（已尝试 2 次）']);
  });
});
