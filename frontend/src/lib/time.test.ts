import { describe, expect, it } from 'vitest';
import { beijing, beijingToIso, formatBeijing, remaining } from './time';

describe('Beijing time', () => {
  it('shows UTC instants in Asia/Shanghai', () => {
    expect(formatBeijing('2026-11-23T16:30:00Z')).toBe('2026-11-24 00:30');
    expect(formatBeijing(null)).toBe('—');
  });

  it('turns a Beijing wall-clock time back into UTC', () => {
    expect(beijingToIso(beijing('2026-12-01T01:00:00Z'))).toBe('2026-12-01T01:00:00.000Z');
  });

  it('counts down to a deadline', () => {
    const now = Date.parse('2026-11-23T00:00:00Z');
    expect(remaining('2026-11-24T01:02:03Z', now)).toEqual({ past: false, days: 1, hours: 1, minutes: 2, seconds: 3 });
    expect(remaining('2026-11-22T00:00:00Z', now).past).toBe(true);
  });
});
