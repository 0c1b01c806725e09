// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = CHARSET.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (WEIGHTS[i] ?? 0);
  }
  const c = (31 - (sum % 31)) % 31;
  return CHARSET.charAt(c);
}

export type CreditCodeProblem = 'length' | 'charset' | 'checksum' | null;

export function checkCreditCode(raw: string): CreditCodeProblem {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  if (![...code].every((ch) => CHARSET.includes(ch))) return 'charset';
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17) ? null : 'checksum';
}
