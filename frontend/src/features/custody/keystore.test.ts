// @vitest-environment node
import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';

import { openShare, publicKeyOf, seal } from './envelope';
import { backupFile, createKey, deleteKey, fingerprintDisplay, loadKey, parseBackup, restoreKey } from './keystore';

// A low scrypt cost keeps the test fast; the screens use keyfile.ts's default (2^17).
const FAST = { n: 2 ** 14 };
const PASSPHRASE = '视谷 custodian backup phrase';

describe('the opening key store', () => {
  it('generates, stores and loads a key that opens a share sealed to its public key', async () => {
    const { key } = await createKey('gov1', PASSPHRASE, FAST);
    const loaded = await loadKey('gov1');
    expect(loaded?.fingerprint).toBe(key.fingerprint);
    expect(loaded?.publicKey).toBe(await publicKeyOf(loaded!.keyPair));
    const other = await createKey('gov2', PASSPHRASE, FAST);
    const envelope = await seal({
      challengeId: 'ch-1',
      organisationId: 'org-v',
      application: { plan: '方案' },
      custodians: [
        { custodian_id: 'gov1', public_key: loaded!.publicKey },
        { custodian_id: 'gov2', public_key: other.key.publicKey },
      ],
      threshold: 2,
    });
    const share = await openShare(envelope, 'gov1', loaded!.keyPair);
    expect(share.length).toBe(33);
    // Keyed per user: the other user's key is not this one's and does not open this one's share.
    expect((await loadKey('gov2'))?.fingerprint).not.toBe(key.fingerprint);
    await expect(openShare(envelope, 'gov1', (await loadKey('gov2'))!.keyPair)).rejects.toThrow('another key');
  });

  it('keeps the private key non-extractable', async () => {
    await createKey('super1', PASSPHRASE, FAST);
    const loaded = await loadKey('super1');
    expect(loaded?.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', loaded!.privateKey)).rejects.toThrow();
  });

  it('restores a backup file to the same fingerprint, non-extractable, and refuses a wrong passphrase', async () => {
    const { key, backup } = await createKey('gov3', PASSPHRASE, FAST);
    const { blob } = backupFile('gov3', backup);
    const file = parseBackup(await blob.text());
    await deleteKey('gov3');
    expect(await loadKey('gov3')).toBeNull();
    await expect(restoreKey('gov3', file, 'not the passphrase!')).rejects.toThrow('wrong passphrase');
    expect(await loadKey('gov3')).toBeNull();
    const restored = await restoreKey('gov3', file, PASSPHRASE);
    expect(restored.fingerprint).toBe(key.fingerprint);
    expect((await loadKey('gov3'))?.privateKey.extractable).toBe(false);
  });

  it('refuses a short passphrase before making any key', async () => {
    await expect(createKey('gov4', 'short', FAST)).rejects.toThrow('at least 12');
    expect(await loadKey('gov4')).toBeNull();
  });

  it('shows a fingerprint in groups of four as the server does', () => {
    expect(fingerprintDisplay('0123456789abcdef01')).toBe('0123 4567 89ab cdef 01');
  });
});
