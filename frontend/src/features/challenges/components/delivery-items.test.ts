import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import type { Delivery, DeliveryEvent } from '@/types/api';
import { deliveryItems } from './delivery-items';

const event = (e: Partial<DeliveryEvent>): DeliveryEvent => ({
  at: '2026-12-01T02:00:00Z',
  kind: 'signed',
  milestone: null,
  milestone_title: null,
  outcome: null,
  note: '',
  resubmit_by: null,
  title: '',
  amount: null,
  payer_name: '',
  ...e,
});

const delivery = (status: Delivery['status'], events: DeliveryEvent[]): Delivery => ({
  agreement_id: 'a1',
  winner_org_name: '澄光科技',
  status,
  signed_at: '2026-12-01T02:00:00Z',
  committed: 200,
  released: 60,
  withheld: [],
  milestones: [
    { key: 'mid', title: '中期评估', due_on: '2027-06-01', status: 'partially_met', acceptance: false },
    { key: 'final', title: '结题验收', due_on: '2027-12-01', status: 'scheduled', acceptance: true },
  ],
  events,
});

describe('delivery timeline items', () => {
  const t = i18n.getFixedT('zh-CN');
  const events = [
    event({ kind: 'signed' }),
    event({ kind: 'tranche_released', title: '首笔款', amount: 60, payer_name: '视谷发榜方' }),
    event({ kind: 'milestone_assessed', milestone: 'mid', milestone_title: '中期评估', outcome: 'partially_met', note: '缺少测试报告' }),
    event({ kind: 'acceptance_decided', outcome: 'rectification', note: '补充测试', resubmit_by: '2027-12-20' }),
  ];

  it('tells each event with its outcome, note, amount and new date, then what is still due', () => {
    const items = deliveryItems(delivery('signed', events), t);
    expect(items.map((i) => i.tone)).toEqual(['blue', 'green', 'orange', 'orange', 'gray', 'gray']);
    expect(items[1]?.title).toBe('首笔款拨付指令已下达');
    expect(items[1]?.detail).toContain('视谷发榜方 → 澄光科技');
    expect(items[2]?.title).toBe('里程碑「中期评估」评估：部分达成');
    expect(items[2]?.detail).toBe('缺少测试报告');
    expect(items[3]?.detail).toBe('补充测试 · 整改后于 2027-12-20 前重新提交');
    expect(items.slice(4).map((i) => i.title)).toEqual(['待完成：中期评估', '待完成：结题验收']);
  });

  it('shows nothing ahead once the acceptance has ended', () => {
    const failed = [...events, event({ kind: 'acceptance_decided', outcome: 'failed', note: '指标未达成' })];
    const items = deliveryItems(delivery('failed', failed), t);
    expect(items).toHaveLength(5);
    expect(items.at(-1)).toMatchObject({ tone: 'red', title: '结题验收不通过', detail: '指标未达成' });
  });
});
