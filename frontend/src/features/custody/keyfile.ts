/**
 * A custodian's opening key as a backup file (`shigu-custodian-key/1`, decision 0100): the PKCS #8
 * private key under AES-256-GCM with a key from scrypt (RFC 7914). The same format as
 * `services/workflow/workflow/custody/keyfile.py`, so a key made in the browser opens with the
 * offline tool and the reverse.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';

import { SealError, b64, canonical, sha256Hex, unb64 } from './envelope';

export const KEYFILE_FORMAT = 'shigu-custodian-key/1';
export const DEFAULT_N = 2 ** 17;
const MAX_N = 2 ** 20;
export const MIN_PASSPHRASE = 12;

export interface ScryptParams {
  name: 'scrypt';
  n: number;
  r: number;
  p: number;
  salt: string;
}
export interface KeyFile {
  format: typeof KEYFILE_FORMAT;
  kdf: ScryptParams;
  public_key: string;
  fingerprint: string;
  nonce: string;
  ciphertext: string;
}

function aad(kdf: ScryptParams, publicKey: string) {
  return canonical({ format: KEYFILE_FORMAT, kdf, public_key: publicKey });
}

async function derive(passphrase: string, kdf: ScryptParams, onProgress?: (p: number) => void): Promise<CryptoKey> {
  if (kdf.n < 2 ** 10 || kdf.n > MAX_N || (kdf.n & (kdf.n - 1)) !== 0) {
    throw new SealError('the key file’s scrypt cost is not a power of two within bounds');
  }
  const raw = await scryptAsync(passphrase, unb64(kdf.salt), {
    N: kdf.n,
    r: kdf.r,
    p: kdf.p,
    dkLen: 32,
    maxmem: 2 ** 31,
    onProgress,
  });
  const key = new Uint8Array(new ArrayBuffer(32));
  key.set(raw);
  return crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function buffer(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(data.byteLength));
  out.set(data);
  return out;
}

/** The backup of an extractable key pair, written once when the key is made. */
export async function exportKey(
  keyPair: CryptoKeyPair,
  passphrase: string,
  options: { n?: number; onProgress?: (p: number) => void } = {},
): Promise<KeyFile> {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new SealError(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  }
  const kdf: ScryptParams = {
    name: 'scrypt',
    n: options.n ?? DEFAULT_N,
    r: 8,
    p: 1,
    salt: b64(crypto.getRandomValues(new Uint8Array(16))),
  };
  const publicKey = b64(new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey)));
  const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keyPair.privateKey));
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const key = await derive(passphrase, kdf, options.onProgress);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: buffer(aad(kdf, publicKey)) }, key, der),
  );
  der.fill(0);
  return {
    format: KEYFILE_FORMAT,
    kdf,
    public_key: publicKey,
    fingerprint: await sha256Hex(unb64(publicKey)),
    nonce: b64(nonce),
    ciphertext: b64(ciphertext),
  };
}

/** The key pair of a backup file, its private key non-extractable. */
export async function importKey(
  file: KeyFile,
  passphrase: string,
  options: { onProgress?: (p: number) => void } = {},
): Promise<CryptoKeyPair> {
  if (file.format !== KEYFILE_FORMAT || file.kdf?.name !== 'scrypt') {
    throw new SealError('not a custodian key file');
  }
  if ((await sha256Hex(unb64(file.public_key))) !== file.fingerprint) {
    throw new SealError('the key file’s fingerprint is not its public key’s');
  }
  const key = await derive(passphrase, file.kdf, options.onProgress);
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: buffer(unb64(file.nonce)), additionalData: buffer(aad(file.kdf, file.public_key)) },
        key,
        buffer(unb64(file.ciphertext)),
      ),
    );
  } catch {
    throw new SealError('wrong passphrase, or the key file was altered');
  }
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  const privateKey = await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['deriveBits']);
  der.fill(0);
  const publicKey = await crypto.subtle.importKey('raw', buffer(unb64(file.public_key)), algorithm, true, []);
  return { privateKey, publicKey };
}
