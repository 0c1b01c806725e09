import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { chartTable } from './chart-table';

echarts.use([BarChart, LineChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const BASE: EChartsCoreOption = {
  color: ['#1f5fbf', '#3a7bd5', '#5aa1e8', '#7fb8ef', '#a6cff4', '#cce3f8'],
  textStyle: { fontFamily: '"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
};

/** The chart's numbers for screen readers and keyboard users: a table, visually hidden. */
function ChartDataTable({ option, title }: { option: EChartsCoreOption; title: string }) {
  const { t } = useTranslation();
  const table = chartTable(option, t('a11y.category'));
  return (
    <table className="visually-hidden">
      <caption>{t('a11y.chartData', { title })}</caption>
      <thead>
        <tr>
          {table.columns.map((c, i) => (
            <th key={i} scope="col">
              {c || t('a11y.value')}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map(([head, ...cells], i) => (
          <tr key={i}>
            <th scope="row">{head}</th>
            {cells.map((v, j) => (
              <td key={j}>{v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A minimal ECharts wrapper: only the chart types the dashboard uses are bundled. The canvas is hidden
 * from assistive technology; the same numbers follow as a table. */
export function EChart({
  option,
  title,
  height = 320,
  testId,
}: {
  option: EChartsCoreOption;
  title: string;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...BASE, ...option }, true);
  }, [option]);

  return (
    <>
      <div ref={ref} style={{ width: '100%', height }} data-testid={testId} aria-hidden="true" />
      <ChartDataTable option={option} title={title} />
    </>
  );
}
