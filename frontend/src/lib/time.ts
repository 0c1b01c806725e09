import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

export const BEIJING = 'Asia/Shanghai';

export function beijing(value: string | number | Date | Dayjs): Dayjs {
  return dayjs(value).tz(BEIJING);
}

/** "2026-11-23 22:06" in Beijing time, whatever the browser's zone. */
export function formatBeijing(value: string | null | undefined, withSeconds = false): string {
  if (!value) return '—';
  return beijing(value).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm');
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  return beijing(value).format('YYYY-MM-DD');
}

export interface Remaining {
  past: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function remaining(deadline: string, now: number = Date.now()): Remaining {
  const diff = dayjs(deadline).valueOf() - now;
  const past = diff <= 0;
  let s = Math.floor(Math.abs(diff) / 1000);
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  return { past, days, hours, minutes, seconds: s - minutes * 60 };
}

/** Beijing wall-clock "YYYY-MM-DD HH:mm" back to an ISO UTC string for the API. */
export function beijingToIso(value: Dayjs): string {
  return dayjs.tz(value.format('YYYY-MM-DD HH:mm:ss'), BEIJING).utc().toISOString();
}
