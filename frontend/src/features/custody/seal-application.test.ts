// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { ApplicationContent, ChallengeCustodians } from '@/types/api';
import { combine, fingerprint, generateOpeningKey, openParts, openShare, publicKeyOf } from './envelope';
import { NotSealable, sealApplication } from './seal-application';

const body = {
  lead: { org_name: '视谷测试单位' },
  project_leader: { name: '王工' },
  plan: 'marker-7f3a plan',
  budget: { total: '120' },
  declarations: { truthful: true, no_collusion: true },
  commitments: [],
  consortium: [],
  documents: [{ name: 'plan.txt', content_type: 'text/plain', content_base64: btoa('document marker-91c2') }],
} as unknown as ApplicationContent;

async function custodians(n: number) {
  const pairs = await Promise.all(Array.from({ length: n }, () => generateOpeningKey()));
  const keys = await Promise.all(pairs.map(publicKeyOf));
  const listed: ChallengeCustodians = {
    challenge_id: 'ch-1',
    sealing: 'custodians',
    threshold: 2,
    custodians: await Promise.all(keys.map(async (k, i) => ({ user_id: `u${i}`, public_key: k, fingerprint: await fingerprint(k) }))),
  };
  return { pairs, listed };
}

describe('sealApplication', () => {
  it('seals the body as the application part without documents and each document as its own part, to every custodian', async () => {
    const { pairs, listed } = await custodians(3);
    const seen: [number, number][] = [];
    const envelope = await sealApplication({ body, organisationId: 'org-1', custodians: listed, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(envelope.header.challenge_id).toBe('ch-1');
    expect(envelope.header.organisation_id).toBe('org-1');
    expect(envelope.header.parts.map((p) => [p.kind, p.name, p.content_type])).toEqual([
      ['application', null, null],
      ['document', 'plan.txt', 'text/plain'],
    ]);
    // Any two custodians open it; what they open is today's body with the documents as separate parts.
    const shares = { u0: await openShare(envelope, 'u0', pairs[0]!), u2: await openShare(envelope, 'u2', pairs[2]!) };
    const [application, document] = await openParts(envelope, await combine(envelope.header, shares));
    expect(JSON.parse(new TextDecoder().decode(application))).toEqual({ ...body, documents: [] });
    expect(new TextDecoder().decode(document)).toBe('document marker-91c2');
  });

  it('refuses to seal while a custodian has no opening key', async () => {
    const { listed } = await custodians(2);
    listed.custodians[1] = { user_id: 'u1', public_key: null, fingerprint: null };
    await expect(sealApplication({ body, organisationId: 'org-1', custodians: listed })).rejects.toBeInstanceOf(NotSealable);
  });
});
