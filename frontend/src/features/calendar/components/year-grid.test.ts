import { describe, expect, it } from 'vitest';
import { dayMark, importFormat, isoDay, monthWeeks } from './year-grid';

describe('year grid', () => {
  it('lays February 2027 out Monday first', () => {
    const weeks = monthWeeks(2027, 2);
    expect(weeks[0]).toEqual([1, 2, 3, 4, 5, 6, 7]); // 1 Feb 2027 is a Monday
    expect(weeks.flat().filter((d) => d != null)).toHaveLength(28);
  });

  it('pads a month that starts on a Sunday', () => {
    expect(monthWeeks(2026, 2)[0]).toEqual([null, null, null, null, null, null, 1]);
  });

  it('marks entered holidays and 调休 Saturdays over the weekday rule', () => {
    const entered = new Map([
      ['2026-02-16', { day: '2026-02-16', is_workday: false, kind: 'holiday' as const, note: '春节' }],
      ['2026-02-14', { day: '2026-02-14', is_workday: true, kind: 'makeup_workday' as const, note: '调休' }],
    ]);
    expect(dayMark(2026, 2, 16, entered)).toBe('holiday');
    expect(dayMark(2026, 2, 14, entered)).toBe('makeup');
    expect(dayMark(2026, 2, 21, entered)).toBe('weekend');
    expect(dayMark(2026, 2, 17, entered)).toBe('workday');
    expect(isoDay(2026, 2, 3)).toBe('2026-02-03');
  });

  it('tells the import format from the file name', () => {
    expect(importFormat('2027安排.CSV')).toBe('csv');
    expect(importFormat('a.json')).toBe('json');
    expect(importFormat('a.xlsx')).toBeNull();
  });
});
