import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import { DISTRICTS, SEVEN_ENDS, type ChallengeStatus } from '@/config/taxonomy';
import type { ChallengeSummary, DeliveryStats, Stats } from '@/types/api';
import { countBy, funnel } from '../api/get-stats';

const FUNNEL_STAGES = [
  'open',
  'qualification',
  'expert_review',
  'award_approval',
  'publicity',
  'awarded',
] as const satisfies readonly ChallengeStatus[];

export interface DashboardCharts {
  byEnd: EChartsCoreOption;
  byDistrict: EChartsCoreOption;
  deals: EChartsCoreOption;
  dealsByMonth: EChartsCoreOption;
  funnel: EChartsCoreOption;
}

type Series = { name: string; data: Record<string, number> | undefined };

/** Every month from the first to the last with a deal ("YYYY-MM", Beijing time), gaps as zero. */
export function monthSeries(byMonth: Record<string, number> | undefined): { months: string[]; counts: number[] } {
  const keys = Object.keys(byMonth ?? {})
    .filter((k) => /^\d{4}-\d{2}$/.test(k))
    .sort();
  const first = keys[0];
  const last = keys[keys.length - 1];
  if (!first || !last) return { months: [], counts: [] };
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let key = first; key <= last && months.length < 600;) {
    months.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    key = `${y}-${String(m).padStart(2, '0')}`;
  }
  return { months, counts: months.map((k) => byMonth?.[k] ?? 0) };
}

/** Pure: the chart options from the stats and the visible challenges, in the current language. */
export function buildCharts(s: Partial<Stats>, challenges: ChallengeSummary[], t: TFunction): DashboardCharts {
  const label = (v: string) => t(`taxonomy.${v}`, { defaultValue: v });
  const bars = (keys: readonly string[], series: Series[]): EChartsCoreOption => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: series.map((x) => x.name) },
    grid: { left: 40, right: 16, top: 36, bottom: 90 },
    xAxis: { type: 'category', data: keys.map(label), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((x) => ({ name: x.name, type: 'bar', barMaxWidth: 28, data: keys.map((k) => x.data?.[k] ?? 0) })),
  });
  // 机会清单 batches are named by period ("2026年第3批"), so their order is the time axis.
  const batches = Object.keys(s.interests_by_batch ?? {}).sort();
  const statusCounts = countBy(challenges, (c) => [c.status]);
  const byMonth = monthSeries(s.deals_by_month);
  return {
    byEnd: bars(SEVEN_ENDS, [
      { name: t('dashboard.demands'), data: s.demands_by_end },
      { name: t('dashboard.challenges'), data: countBy(challenges, (c) => c.end_tags) },
      { name: t('dashboard.deals'), data: s.deals_by_end },
    ]),
    byDistrict: bars(DISTRICTS, [{ name: t('dashboard.demands'), data: s.demands_by_district }]),
    deals: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: batches },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboard.interests'),
          type: 'bar',
          data: batches.map((b) => Object.values(s.interests_by_batch?.[b] ?? {}).reduce((x, y) => x + y, 0)),
        },
        { name: t('dashboard.deals'), type: 'line', smooth: true, data: batches.map((b) => s.interests_by_batch?.[b]?.deal ?? 0) },
      ],
    },
    dealsByMonth: {
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 30 },
      xAxis: { type: 'category', boundaryGap: false, data: byMonth.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('dashboard.deals'), type: 'line', smooth: true, areaStyle: {}, data: byMonth.counts }],
    },
    funnel: funnelChart(funnel(statusCounts, FUNNEL_STAGES).map((d) => ({ name: t(`status.${d.stage}`), value: d.value }))),
  };
}

/** A funnel in the stages' own order (not sorted by value), each labelled with its count. */
function funnelChart(data: { name: string; value: number }[]): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '60%',
        minSize: '8%',
        label: { position: 'right', formatter: '{b}: {c}' },
        data,
      },
    ],
  };
}

export const DELIVERY_STAGES = ['awarded', 'signed', 'in_progress', 'accepted', 'failed'] as const;

export interface DeliveryCharts {
  funnel: EChartsCoreOption;
  byEnd: EChartsCoreOption;
  byDistrict: EChartsCoreOption;
}

/** Pure: the delivery funnel (awarded → signed → in progress → accepted / failed) and funds committed
 * vs released (万元) by 七端 and by district; the districts in the taxonomy's order, then any other
 * (全市, a challenge open to several). */
export function buildDeliveryCharts(s: Partial<DeliveryStats>, t: TFunction): DeliveryCharts {
  const label = (v: string) => t(`taxonomy.${v}`, { defaultValue: v });
  const funds = (keys: readonly string[], data: DeliveryStats['funds_by_end'] | undefined): EChartsCoreOption => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('dashboard.committed'), t('dashboard.released')] },
    grid: { left: 56, right: 16, top: 36, bottom: 90 },
    xAxis: { type: 'category', data: keys.map(label), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value', name: '万元' },
    series: (['committed', 'released'] as const).map((k) => ({
      name: t(`dashboard.${k}`),
      type: 'bar',
      barMaxWidth: 28,
      data: keys.map((x) => data?.[x]?.[k] ?? 0),
    })),
  });
  const districts = [...DISTRICTS, ...Object.keys(s.funds_by_district ?? {}).filter((d) => !(DISTRICTS as readonly string[]).includes(d))];
  return {
    funnel: funnelChart(DELIVERY_STAGES.map((stage) => ({ name: t(`dashboard.stage_${stage}`), value: s.funnel?.[stage] ?? 0 }))),
    byEnd: funds(SEVEN_ENDS, s.funds_by_end),
    byDistrict: funds(districts, s.funds_by_district),
  };
}
