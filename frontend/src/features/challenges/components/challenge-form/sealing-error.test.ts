import { describe, expect, it } from 'vitest';
import { sealingFieldError } from './sealing-error';

describe('a custodian refusal on the challenge form', () => {
  it("puts the server's refusal on the field it names, with its code's message", () => {
    const t = (key: string) => `t:${key}`;
    expect(sealingFieldError('custodians.1', 'no-opening-key', 'detail', t)).toEqual({
      name: 'custodians',
      errors: ['t:custody.no-opening-key'],
    });
    expect(sealingFieldError('custodian_threshold', 'custodian-threshold', 'detail', t)).toEqual({
      name: 'custodian_threshold',
      errors: ['t:custody.custodian-threshold'],
    });
    expect(sealingFieldError('custodians.0', 'custodian-conflict', '来自申报单位', t)).toEqual({
      name: 'custodians',
      errors: ['来自申报单位'],
    });
    expect(sealingFieldError('title', 'x', 'd', t)).toBeNull();
  });
});
