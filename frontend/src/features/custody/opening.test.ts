// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { MyShare } from './api/custody';
import { generateOpeningKey, publicKeyOf, seal, sha256Hex, unb64 } from './envelope';
import { openMyShares } from './opening';

async function envelopeFor(custodians: { custodian_id: string; public_key: string }[], plan: string) {
  return seal({ challengeId: 'ch-1', organisationId: 'org-v', application: { plan }, custodians, threshold: 2 });
}

describe("the custodian's one action", () => {
  it('opens its share of every envelope, and keeps apart one sealed to a key it does not hold', async () => {
    const [mine, old, other] = await Promise.all([generateOpeningKey(), generateOpeningKey(), generateOpeningKey()]);
    const otherKey = { custodian_id: 'gov2', public_key: await publicKeyOf(other) };
    const current = [{ custodian_id: 'gov1', public_key: await publicKeyOf(mine) }, otherKey];
    const a = await envelopeFor(current, 'A');
    const b = await envelopeFor(current, 'B');
    const stale = await envelopeFor([{ custodian_id: 'gov1', public_key: await publicKeyOf(old) }, otherKey], 'C');
    const items: MyShare[] = [
      ['app-a', a],
      ['app-b', b],
      ['app-c', stale],
    ].map(([id, e]) => {
      const env = e as typeof a;
      return { application_id: id as string, header: env.header, share: env.shares[0]! };
    });
    const seen: string[] = [];
    const result = await openMyShares(items, 'gov1', mine, (done, total) => seen.push(`${done}/${total}`));
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
    expect(result.shares.map((s) => s.application_id)).toEqual(['app-a', 'app-b']);
    expect(result.otherKey).toEqual(['app-c']);
    expect(result.refused).toEqual([]);
    // What is sent is the plaintext share the header names.
    expect(await sha256Hex(unb64(result.shares[0]!.share))).toBe(a.header.custodians[0]!.share_sha256);
  });

  it('reports an altered share as refused, not as sealed to another key', async () => {
    const [mine, other] = await Promise.all([generateOpeningKey(), generateOpeningKey()]);
    const e = await envelopeFor(
      [
        { custodian_id: 'gov1', public_key: await publicKeyOf(mine) },
        { custodian_id: 'gov2', public_key: await publicKeyOf(other) },
      ],
      'A',
    );
    const share = { ...e.shares[0]!, ciphertext: e.shares[1]!.ciphertext };
    const result = await openMyShares([{ application_id: 'app-a', header: e.header, share }], 'gov1', mine);
    expect(result.shares).toEqual([]);
    expect(result.otherKey).toEqual([]);
    expect(result.refused.map((r) => r.application_id)).toEqual(['app-a']);
  });
});
