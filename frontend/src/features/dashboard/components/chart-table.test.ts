import { describe, expect, it } from 'vitest';
import { chartTable } from './chart-table';

describe('chartTable', () => {
  it('gives a row per category and a column per series', () => {
    const option = {
      xAxis: { type: 'category', data: ['滨江区', '萧山区'] },
      series: [
        { name: '需求', type: 'bar', data: [3, 0] },
        { name: '成交', type: 'line', data: [1, 2] },
      ],
    };
    expect(chartTable(option, '类别')).toEqual({
      columns: ['类别', '需求', '成交'],
      rows: [
        ['滨江区', 3, 1],
        ['萧山区', 0, 2],
      ],
    });
  });

  it('reads a funnel stage by stage', () => {
    const option = {
      series: [
        {
          type: 'funnel',
          data: [
            { name: '征集中', value: 5 },
            { name: '已揭榜', value: 1 },
          ],
        },
      ],
    };
    expect(chartTable(option, '阶段')).toEqual({
      columns: ['阶段', ''],
      rows: [
        ['征集中', 5],
        ['已揭榜', 1],
      ],
    });
  });
});
