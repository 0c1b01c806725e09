import type { EChartsCoreOption } from 'echarts/core';

export interface ChartTable {
  columns: string[];
  rows: [string, ...number[]][];
}

interface SeriesLike {
  name?: string;
  type?: string;
  data?: unknown[];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number((v as { value?: unknown })?.value ?? 0));

/** The numbers a chart draws, as a table: one row per category (or funnel stage), one column per series. */
export function chartTable(option: EChartsCoreOption, categoryHeader: string): ChartTable {
  const series = ((option.series ?? []) as SeriesLike[]).filter((s) => Array.isArray(s.data));
  const axis = option.xAxis as { data?: unknown[] } | undefined;
  if (axis?.data) {
    const categories = axis.data.map(String);
    return {
      columns: [categoryHeader, ...series.map((s) => s.name ?? '')],
      rows: categories.map((c, i) => [c, ...series.map((s) => num(s.data?.[i]))]),
    };
  }
  const first = series[0];
  const items = (first?.data ?? []) as { name?: string; value?: unknown }[];
  return { columns: [categoryHeader, first?.name ?? ''], rows: items.map((d) => [String(d.name ?? ''), num(d)]) };
}
