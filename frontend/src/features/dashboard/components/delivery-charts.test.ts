import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { buildDeliveryCharts } from './chart-options';
import { chartTable } from './chart-table';

describe('delivery charts', () => {
  it('lays the funnel out in stage order and the funds by end and district, zero when absent', () => {
    const charts = buildDeliveryCharts(
      {
        funnel: { awarded: 3, signed: 2, in_progress: 1, accepted: 1, failed: 0 },
        funds_by_end: { 工业视觉: { committed: 200, released: 60 } },
        funds_by_district: { 全市: { committed: 200, released: 60 }, 滨江区: { committed: 50, released: 50 } },
      },
      i18n.getFixedT('en'),
    );
    const funnel = (charts.funnel as { series: { data: { name: string; value: number }[] }[] }).series[0]?.data;
    expect(funnel?.map((d) => d.value)).toEqual([3, 2, 1, 1, 0]);
    expect(funnel?.[0]?.name).toBe('Awarded');
    const byEnd = charts.byEnd as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(byEnd.xAxis.data).toHaveLength(7);
    expect(byEnd.series[0]?.data[1]).toBe(200);
    expect(byEnd.series[1]?.data[1]).toBe(60);
    const byDistrict = charts.byDistrict as { xAxis: { data: string[] }; series: { data: number[] }[] };
    expect(byDistrict.xAxis.data[0]).toBe('Binjiang');
    expect(byDistrict.xAxis.data.at(-1)).toBe('Citywide');
    expect(byDistrict.series[1]?.data[0]).toBe(50);
    expect(byDistrict.series[0]?.data.at(-1)).toBe(200);
  });

  it('gives screen readers a table of numbers for each delivery chart, even before any agreement is signed', () => {
    const charts = buildDeliveryCharts({}, i18n.getFixedT('zh-CN'));
    const funnel = chartTable(charts.funnel, '阶段');
    expect(funnel.rows.map((r) => r[0])).toEqual(['已揭榜', '已签任务书', '执行中', '已验收', '验收未通过']);
    expect(funnel.rows.every((r) => r[1] === 0)).toBe(true);
    expect(chartTable(charts.byEnd, '七端').columns).toEqual(['七端', '约定拨付', '已拨付']);
  });
});
