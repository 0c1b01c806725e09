import i18n from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import './i18n';
import { formatWan, formatWanRange, wanInWords } from './money';

afterEach(() => i18n.changeLanguage('zh-CN'));

describe('formatWan', () => {
  it('writes 万元 below one 亿 and 亿元 from there on', () => {
    expect(formatWan(300)).toBe('300 万元');
    expect(formatWan(0.5)).toBe('0.5 万元');
    expect(formatWan(1234.5)).toBe('1,234.5 万元');
    expect(formatWan(9999.99)).toBe('9,999.99 万元');
    expect(formatWan(10000)).toBe('1 亿元');
    expect(formatWan(12000)).toBe('1.2 亿元');
    expect(formatWan(30000)).toBe('3 亿元');
  });

  it('has no amount for nothing', () => {
    expect(formatWan(null)).toBe('—');
    expect(formatWan(undefined)).toBe('—');
    expect(formatWan(Number.NaN)).toBe('—');
  });

  it('gives English readers the amount in CNY', async () => {
    await i18n.changeLanguage('en');
    expect(formatWan(300)).toBe('3,000,000 CNY');
    expect(formatWan(12000)).toBe('120 million CNY');
  });
});

describe('formatWanRange', () => {
  it('shows both bounds with their unit, or the one that is set', () => {
    expect(formatWanRange(100, 300)).toBe('100 万元 – 300 万元');
    expect(formatWanRange(300, 300)).toBe('300 万元');
    expect(formatWanRange(null, 300)).toBe('不高于 300 万元');
    expect(formatWanRange(100, null)).toBe('不低于 100 万元');
    expect(formatWanRange(null, null)).toBe('—');
  });
});

describe('wanInWords', () => {
  it('repeats only a large number in words', () => {
    expect(wanInWords(300)).toBeNull();
    expect(wanInWords(30000)).toBe('= 3 亿元');
  });
});
