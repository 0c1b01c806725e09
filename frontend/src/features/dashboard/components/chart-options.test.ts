import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import type { ChallengeSummary } from '@/types/api';
import { countBy, funnel } from '../api/get-stats';
import { buildCharts, monthSeries } from './chart-options';

const challenge = (status: string, end_tags: string[]) => ({ status, end_tags }) as unknown as ChallengeSummary;

describe('dashboard charts', () => {
  it('counts a challenge in every stage it has passed', () => {
    expect(funnel({ open: 3, expert_review: 2, awarded: 1 }, ['open', 'expert_review', 'awarded'])).toEqual([
      { stage: 'open', value: 6 },
      { stage: 'expert_review', value: 3 },
      { stage: 'awarded', value: 1 },
    ]);
    expect(countBy([challenge('open', ['工业视觉', '数字安防']), challenge('open', ['工业视觉'])], (c) => c.end_tags)).toEqual({
      工业视觉: 2,
      数字安防: 1,
    });
  });

  it('puts every one of the seven ends on the axis, zero when absent, in English', () => {
    const charts = buildCharts({ demands_by_end: { 工业视觉: 4 } }, [challenge('open', ['工业视觉'])], i18n.getFixedT('en'));
    const axis = (charts.byEnd as { xAxis: { data: string[] } }).xAxis.data;
    expect(axis).toHaveLength(7);
    expect(axis[1]).toBe('Industrial vision');
    const series = (charts.byEnd as { series: { data: number[] }[] }).series;
    expect(series[0]?.data[1]).toBe(4);
    expect(series[1]?.data[1]).toBe(1);
    expect(series[2]?.data.every((n) => n === 0)).toBe(true);
  });

  it('orders deals by batch period', () => {
    const charts = buildCharts(
      { interests_by_batch: { '2026年第3批': { deal: 2, pending: 1 }, '2026年第1批': { deal: 1 } } },
      [],
      i18n.getFixedT('zh-CN'),
    );
    const deals = charts.deals as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(deals.xAxis.data).toEqual(['2026年第1批', '2026年第3批']);
    expect(deals.series[0]?.data).toEqual([1, 3]);
    expect(deals.series[1]?.data).toEqual([1, 2]);
  });

  it('draws deals by Beijing month as a line, filling months without deals with zero', () => {
    expect(monthSeries({ '2026-11': 1, '2027-02': 3, '2026-12': 2 })).toEqual({
      months: ['2026-11', '2026-12', '2027-01', '2027-02'],
      counts: [1, 2, 0, 3],
    });
    expect(monthSeries(undefined)).toEqual({ months: [], counts: [] });
    expect(monthSeries({})).toEqual({ months: [], counts: [] });
    const charts = buildCharts({ deals_by_month: { '2026-12': 2, '2026-10': 1 } }, [], i18n.getFixedT('zh-CN'));
    const line = charts.dealsByMonth as { xAxis: { data: string[] }; series: { type: string; name: string; data: number[] }[] };
    expect(line.xAxis.data).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(line.series[0]).toMatchObject({ type: 'line', name: '对接成功', data: [1, 0, 2] });
  });
});
