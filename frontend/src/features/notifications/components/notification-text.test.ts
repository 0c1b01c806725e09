import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import type { BellItem } from '../api/get-notifications';
import { notificationText } from './notification-text';

const t = i18n.getFixedT('zh-CN');
const item = (over: Partial<BellItem>): BellItem => ({
  id: 'n',
  source: 'workflow',
  kind: '',
  title: '',
  body: '',
  link: null,
  read: false,
  created_at: '2026-11-20T01:00:00Z',
  deliveries: [],
  ...over,
});

describe('notificationText', () => {
  it('shows the qualification result by its label and UTC times in Beijing time', () => {
    const text = notificationText(
      item({ kind: 'application.qualification', title: '形式审查结果：eligible', body: '请于 2026-11-20T16:30:00Z 前补正' }),
      t,
    );
    expect(text.title).toBe('形式审查结果：形式审查通过');
    expect(text.body).toBe('请于 2026-11-21 00:30（北京时间） 前补正');
  });

  it('words a demand review decision for its owner, with the reason as the body', () => {
    const returned = notificationText(
      item({ source: 'matching', kind: 'demand.returned', title: '园区周界识别', body: '请补充预算依据' }),
      t,
    );
    expect(returned).toEqual({ title: '您的场景需求未通过审核：园区周界识别', body: '请补充预算依据' });
    const approved = notificationText(item({ source: 'matching', kind: 'demand.approved', title: '园区周界识别' }), i18n.getFixedT('en'));
    expect(approved.title).toBe('Your scenario demand is approved and published: 园区周界识别');
    // A saved-search match keeps the item's own title.
    expect(notificationText(item({ source: 'matching', kind: 'subscription.match', title: '园区周界识别' }), t).title).toBe('园区周界识别');
  });
});
