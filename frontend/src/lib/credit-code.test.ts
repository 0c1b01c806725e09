import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckChar } from './credit-code';

// A code with a correct check character, built with the GB 32100-2015 algorithm.
const base = '91330108MA27Y5XK0';
const valid = base + creditCodeCheckChar(base);

describe('checkCreditCode', () => {
  it('accepts a code with the right check character, in any case', () => {
    expect(checkCreditCode(valid)).toBeNull();
    expect(checkCreditCode(valid.toLowerCase())).toBeNull();
  });

  it('knows a published example', () => {
    // 91350100M000100Y43 is the standard's own worked example.
    expect(checkCreditCode('91350100M000100Y43')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(checkCreditCode('123')).toBe('length');
    expect(checkCreditCode('91330108MA27Y5XKOI')).toBe('charset');
    const wrong = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    expect(checkCreditCode(wrong)).toBe('checksum');
  });
});
