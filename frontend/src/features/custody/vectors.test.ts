// @vitest-environment node
/**
 * Cross-implementation vectors of custodian sealing (decision 0100): the browser's code opens what
 * the Python side sealed (`tests/vectors/custody/python.json`, written by
 * `scripts/custody_vectors.py`), and seals what the Python side opens
 * (`tests/vectors/custody/browser.json`, read by `tests/workflow/test_custody_vectors.py`). Run
 * with `VECTORS_OUT=../tests/vectors/custody/browser.json` to rewrite the browser's vector.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { type Envelope, SealError, b64, combine, generateOpeningKey, openParts, openShare, publicKeyOf, seal, unb64 } from './envelope';
import { type KeyFile, exportKey, importKey } from './keyfile';

const here = dirname(fileURLToPath(import.meta.url));
const vectors = resolve(here, '../../../../tests/vectors/custody');

interface Vector {
  made_by: string;
  threshold: number;
  custodians: { custodian_id: string; public_key: string; private_pkcs8: string }[];
  application: unknown;
  documents: { name: string; content_type: string; data: string }[];
  envelope: Envelope;
  keyfile: { passphrase: string; file: KeyFile };
}

const algorithm = { name: 'ECDH', namedCurve: 'P-256' };

async function keyPair(custodian: Vector['custodians'][number]): Promise<CryptoKeyPair> {
  const privateKey = await crypto.subtle.importKey('pkcs8', unb64(custodian.private_pkcs8) as Uint8Array<ArrayBuffer>, algorithm, false, [
    'deriveBits',
  ]);
  const publicKey = await crypto.subtle.importKey('raw', unb64(custodian.public_key) as Uint8Array<ArrayBuffer>, algorithm, true, []);
  return { privateKey, publicKey };
}

function read(name: string): Vector {
  return JSON.parse(readFileSync(resolve(vectors, name), 'utf-8')) as Vector;
}

describe('custodian sealing across implementations', () => {
  it('opens an envelope the Python side sealed, with any two of its three custodians', async () => {
    const vector = read('python.json');
    const shares: Record<string, Uint8Array> = {};
    for (const custodian of vector.custodians) {
      shares[custodian.custodian_id] = await openShare(vector.envelope, custodian.custodian_id, await keyPair(custodian));
    }
    const [a, b, c] = vector.custodians.map((x) => x.custodian_id) as [string, string, string];
    for (const pair of [
      [a, b],
      [a, c],
      [b, c],
    ] as const) {
      const key = await combine(vector.envelope.header, { [pair[0]]: shares[pair[0]]!, [pair[1]]: shares[pair[1]]! });
      const [application, document] = await openParts(vector.envelope, key);
      expect(JSON.parse(new TextDecoder().decode(application))).toEqual(vector.application);
      expect(b64(document!)).toBe(vector.documents[0]!.data);
    }
    await expect(combine(vector.envelope.header, { [a]: shares[a]! })).rejects.toThrow('1 of the 2 shares needed');
  });

  it('refuses an altered share of a Python envelope, naming its custodian', async () => {
    const vector = read('python.json');
    const envelope = structuredClone(vector.envelope);
    const ciphertext = unb64(envelope.shares[0]!.ciphertext);
    ciphertext[5]! ^= 1;
    envelope.shares[0]!.ciphertext = b64(ciphertext);
    const custodian = vector.custodians[0]!;
    const refused = await openShare(envelope, custodian.custodian_id, await keyPair(custodian)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SealError);
    expect((refused as SealError).custodian).toBe(custodian.custodian_id);
  });

  it('opens a key file the Python side wrote, and refuses a wrong passphrase', async () => {
    const vector = read('python.json');
    const pair = await importKey(vector.keyfile.file, vector.keyfile.passphrase);
    expect(await publicKeyOf(pair)).toBe(vector.custodians[0]!.public_key);
    expect(pair.privateKey.extractable).toBe(false);
    await openShare(vector.envelope, vector.custodians[0]!.custodian_id, pair);
    await expect(importKey(vector.keyfile.file, 'not the passphrase')).rejects.toThrow('wrong passphrase');
  });

  it('seals an envelope in the browser that opens here, for the Python side to open too', async () => {
    const names = ['gov-reviewer-1', 'gov-reviewer-2', 'supervisor-1'];
    const pairs = await Promise.all(names.map(() => generateOpeningKey()));
    const custodians = await Promise.all(
      names.map(async (custodian_id, i) => ({ custodian_id, public_key: await publicKeyOf(pairs[i]!) })),
    );
    const application = { plan: '基于多模态大模型的城市治理视觉中台（浏览器封装）', budget_wan: 300, team: ['王工', 'Zhao'] };
    const data = new TextEncoder().encode('%PDF-1.7 方案正文 browser');
    const envelope = await seal({
      challengeId: 'ch-vector',
      organisationId: 'org-vendor-vector',
      application,
      documents: [{ name: '技术方案.pdf', content_type: 'application/pdf', data }],
      custodians,
      threshold: 2,
    });
    expect(JSON.stringify(envelope)).not.toContain('城市治理');
    const shares = {
      [names[0]!]: await openShare(envelope, names[0]!, pairs[0]!),
      [names[2]!]: await openShare(envelope, names[2]!, pairs[2]!),
    };
    const [opened, document] = await openParts(envelope, await combine(envelope.header, shares));
    expect(JSON.parse(new TextDecoder().decode(opened))).toEqual(application);
    expect(new TextDecoder().decode(document)).toBe('%PDF-1.7 方案正文 browser');

    const passphrase = '视谷 browser custodian passphrase';
    const file = await exportKey(pairs[0]!, passphrase, { n: 2 ** 14 });
    expect(await publicKeyOf(await importKey(file, passphrase))).toBe(custodians[0]!.public_key);
    const out = process.env.VECTORS_OUT;
    if (out) {
      const exported = await Promise.all(pairs.map(async (p) => b64(new Uint8Array(await crypto.subtle.exportKey('pkcs8', p.privateKey)))));
      const vector: Vector = {
        made_by: 'browser',
        threshold: 2,
        custodians: custodians.map((c, i) => ({ ...c, private_pkcs8: exported[i]! })),
        application,
        documents: [{ name: '技术方案.pdf', content_type: 'application/pdf', data: b64(data) }],
        envelope,
        keyfile: { passphrase, file },
      };
      writeFileSync(out, JSON.stringify(vector, null, 2) + '\n');
    }
  });
});
