import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { buildDeliveryCharts } from './chart-options';

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
});
