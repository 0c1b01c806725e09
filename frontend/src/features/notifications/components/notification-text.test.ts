import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import type { BellItem } from '../api/get-notifications';
import { notificationText } from './notification-text';

const t = i18n.getFixedT('zh-CN');
const item = (over: Partial<BellItem>): BellItem => ({
  id: 'n', source: 'workflow', kind: '', title: '', body: '', link: null, read: false, created_at: '2026-11-20T01:00:00Z', ...over,
});

describe('notificationText', () => {
  it('shows the qualification result by its label and UTC times in Beijing time', () => {
    const text = notificationText(item({ kind: 'application.qualification', title: '形式审查结果：eligible', body: '请于 2026-11-20T16:30:00Z 前补正' }), t);
    expect(text.title).toBe('形式审查结果：形式审查通过');
    expect(text.body).toBe('请于 2026-11-21 00:30（北京时间） 前补正');
  });
});
