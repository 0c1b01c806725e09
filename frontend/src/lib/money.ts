import i18n from 'i18next';

/** Every amount the APIs carry is in 万元 (docs/decisions/0070-money-in-wan.md). */
export const WAN_PER_YI = 10_000;

const number = (digits: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: digits });

function words(value: number, large: boolean): string {
  // The locale picks the variables it shows: 万元 / 亿元 in Chinese, CNY (or millions of CNY) in English.
  const vars = {
    wan: number(2).format(value),
    yi: number(4).format(value / WAN_PER_YI),
    yuan: number(0).format(value * 10_000),
    million: number(2).format(value / 100),
  };
  return i18n.t(large ? 'money.large' : 'money.amount', vars);
}

/** "300 万元", "1.2 亿元" from 10,000 万元 on; "—" for no amount. */
export function formatWan(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return words(value, Math.abs(value) >= WAN_PER_YI);
}

/** A budget range: "100 – 300 万元" reads as two amounts, each with its unit, or one bound when the other is open. */
export function formatWanRange(min: number | null | undefined, max: number | null | undefined): string {
  if (min == null && max == null) return '—';
  if (min == null) return i18n.t('money.atMost', { amount: formatWan(max) });
  if (max == null) return i18n.t('money.atLeast', { amount: formatWan(min) });
  return min === max ? formatWan(min) : i18n.t('money.range', { min: formatWan(min), max: formatWan(max) });
}

/** Shown under an input once the number is big enough to misread: "= 3 亿元". */
export function wanInWords(value: number | null | undefined): string | null {
  if (value == null || !Number.isFinite(value) || Math.abs(value) < WAN_PER_YI) return null;
  return i18n.t('money.inWords', { amount: formatWan(value) });
}
