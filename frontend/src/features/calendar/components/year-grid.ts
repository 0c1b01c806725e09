import type { CalendarYearDay } from '../api/calendar';

export type DayMark = 'holiday' | 'makeup' | 'weekend' | 'workday';

/** `YYYY-MM-DD` of a calendar day (no time zone: these are Chinese calendar days). */
export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The weeks of a month, Monday first; null pads the days before the 1st and after the last. */
export function monthWeeks(year: number, month: number): (number | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
  const cells: (number | null)[] = [...Array<null>(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** How a day reads on the year view: an entered holiday or make-up working day (调休) wins over the weekday rule. */
export function dayMark(year: number, month: number, day: number, entered: Map<string, CalendarYearDay>): DayMark {
  const e = entered.get(isoDay(year, month, day));
  const weekend = [0, 6].includes(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
  if (e) {
    if (!e.is_workday) return 'holiday';
    return weekend ? 'makeup' : 'workday';
  }
  return weekend ? 'weekend' : 'workday';
}

/** The import format a file's name implies. */
export function importFormat(fileName: string): 'csv' | 'json' | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}
