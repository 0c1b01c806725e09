/**
 * The sealed envelope of custodian sealing (decision 0100), the browser's side: the same format
 * as `services/workflow/workflow/custody/envelope.py`, byte for byte where it is authenticated
 * (the canonical header and the part bindings), so an envelope sealed here opens with the
 * Python tool and the reverse (`envelope.test.ts` opens the committed vectors of both).
 *
 * AES-256-GCM and P-256 come from WebCrypto, HPKE (RFC 9180) from `@hpke/core`, Shamir over
 * GF(256) from `shamir-secret-sharing` (an audited port of HashiCorp Vault's, as `pyshamir` is).
 */
import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import { combine as combineShares, split } from 'shamir-secret-sharing';

export const FORMAT = 'shigu-sealed/1';
const HPKE_INFO = new TextEncoder().encode('shigu-sealed/1 custodian share');
const COMMITMENT = new TextEncoder().encode('shigu-sealed/1 key commitment');

export interface Suite {
  kem: 'DHKEM(P-256, HKDF-SHA256)';
  kdf: 'HKDF-SHA256';
  aead: 'AES-256-GCM';
  sharing: 'shamir-gf256';
}
export interface CustodianEntry {
  custodian_id: string;
  fingerprint: string;
  share_sha256: string;
}
export interface PartEntry {
  kind: 'application' | 'document';
  name: string | null;
  content_type: string | null;
  size: number;
  sha256: string;
}
export interface Header {
  format: typeof FORMAT;
  suite: Suite;
  challenge_id: string;
  organisation_id: string;
  envelope_id: string;
  threshold: number;
  custodians: CustodianEntry[];
  key_commitment: string;
  parts: PartEntry[];
}
export interface Part {
  nonce: string;
  ciphertext: string;
}
export interface Share {
  custodian_id: string;
  enc: string;
  ciphertext: string;
}
export interface Envelope {
  header: Header;
  parts: Part[];
  shares: Share[];
}
export interface OpeningKey {
  custodian_id: string;
  /** base64url of the 65-byte uncompressed P-256 point */
  public_key: string;
}
export interface SealedDocument {
  name: string;
  content_type: string;
  data: Uint8Array;
}

export class SealError extends Error {
  constructor(
    message: string,
    readonly custodian?: string,
    readonly part?: number,
  ) {
    super(message);
    this.name = 'SealError';
  }
}

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

export function b64(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function unb64(text: string): Uint8Array {
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** The platform's canonical JSON (`kit.audit.canonical`): sorted keys, no spaces, UTF-8. */
export function canonical(value: unknown): Uint8Array<ArrayBuffer> {
  return bytes(new TextEncoder().encode(canonicalText(value)));
}

function canonicalText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalText(v)}`).join(',')}}`;
}

function bytes(data: ArrayBuffer | Uint8Array): Uint8Array<ArrayBuffer> {
  const view = data instanceof Uint8Array ? data : new Uint8Array(data);
  const copy = new Uint8Array(new ArrayBuffer(view.byteLength));
  copy.set(view);
  return copy;
}

function concat(...chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(chunks.reduce((n, c) => n + c.length, 0)));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(data)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fingerprint(publicKey: string): Promise<string> {
  return sha256Hex(unb64(publicKey));
}

function binding(header: Pick<Header, 'challenge_id' | 'organisation_id' | 'envelope_id'>, index: number, kind: string) {
  return canonical({
    format: FORMAT,
    challenge_id: header.challenge_id,
    organisation_id: header.organisation_id,
    envelope_id: header.envelope_id,
    part: index,
    kind,
  });
}

function shareAad(header: Header, custodianId: string): Uint8Array<ArrayBuffer> {
  return concat(canonical(header), new Uint8Array([0]), new TextEncoder().encode(custodianId));
}

async function aesKey(raw: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes(raw), 'AES-GCM', false, [usage]);
}

/** The vendor's side: the whole envelope, ready to upload. */
export async function seal(input: {
  challengeId: string;
  organisationId: string;
  application: unknown;
  documents?: SealedDocument[];
  custodians: OpeningKey[];
  threshold: number;
  envelopeId?: string;
  /** Called after each part is encrypted (the application first, then each document), so a
   * screen can show how far a large document has got. */
  onProgress?: (done: number, total: number) => void;
}): Promise<Envelope> {
  const { custodians, threshold } = input;
  if (new Set(custodians.map((c) => c.custodian_id)).size !== custodians.length) {
    throw new SealError('the custodians are not distinct');
  }
  if (threshold < 2 || threshold > custodians.length) {
    throw new SealError(`the threshold ${threshold} is not between 2 and the ${custodians.length} custodians`);
  }
  const ids = {
    challenge_id: input.challengeId,
    organisation_id: input.organisationId,
    envelope_id: input.envelopeId ?? b64(crypto.getRandomValues(new Uint8Array(16))),
  };
  const dataKey = crypto.getRandomValues(new Uint8Array(32));
  const key = await aesKey(dataKey, 'encrypt');
  const plaintexts: { kind: PartEntry['kind']; data: Uint8Array; document?: SealedDocument }[] = [
    { kind: 'application', data: canonical(input.application) },
    ...(input.documents ?? []).map((d) => ({ kind: 'document' as const, data: d.data, document: d })),
  ];
  const parts: Part[] = [];
  const entries: PartEntry[] = [];
  for (const [index, item] of plaintexts.entries()) {
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const ciphertext = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: binding(ids, index, item.kind) }, key, bytes(item.data)),
    );
    parts.push({ nonce: b64(nonce), ciphertext: b64(ciphertext) });
    entries.push({
      kind: item.kind,
      name: item.document?.name ?? null,
      content_type: item.document?.content_type ?? null,
      size: item.data.length,
      sha256: await sha256Hex(ciphertext),
    });
    input.onProgress?.(index + 1, plaintexts.length);
  }
  const shares = await split(dataKey, custodians.length, threshold);
  const header: Header = {
    format: FORMAT,
    suite: { kem: 'DHKEM(P-256, HKDF-SHA256)', kdf: 'HKDF-SHA256', aead: 'AES-256-GCM', sharing: 'shamir-gf256' },
    ...ids,
    threshold,
    custodians: await Promise.all(
      custodians.map(async (c, i) => ({
        custodian_id: c.custodian_id,
        fingerprint: await fingerprint(c.public_key),
        share_sha256: await sha256Hex(shares[i]!),
      })),
    ),
    key_commitment: await sha256Hex(concat(COMMITMENT, dataKey)),
    parts: entries,
  };
  const sealed: Share[] = [];
  for (const [i, custodian] of custodians.entries()) {
    const recipientPublicKey = await suite.kem.deserializePublicKey(bytes(unb64(custodian.public_key)));
    const sender = await suite.createSenderContext({ recipientPublicKey, info: HPKE_INFO });
    const ciphertext = await sender.seal(bytes(shares[i]!), shareAad(header, custodian.custodian_id));
    sealed.push({
      custodian_id: custodian.custodian_id,
      enc: b64(new Uint8Array(sender.enc)),
      ciphertext: b64(new Uint8Array(ciphertext)),
    });
  }
  dataKey.fill(0);
  return { header, parts, shares: sealed };
}

/** The custodian's side: its share of this envelope's data key, checked against the header. The
 * key pair's private key may be non-extractable (as the browser keeps it). */
export async function openShare(envelope: Envelope, custodianId: string, keyPair: CryptoKeyPair): Promise<Uint8Array> {
  const entry = envelope.header.custodians.find((c) => c.custodian_id === custodianId);
  const share = envelope.shares.find((s) => s.custodian_id === custodianId);
  if (!entry || !share) throw new SealError('the envelope holds no share for this custodian', custodianId);
  const publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey));
  if ((await sha256Hex(publicRaw)) !== entry.fingerprint) {
    throw new SealError('the share was sealed to another key of this custodian', custodianId);
  }
  let plaintext: Uint8Array;
  try {
    const recipient = await suite.createRecipientContext({
      recipientKey: keyPair,
      enc: bytes(unb64(share.enc)),
      info: HPKE_INFO,
    });
    plaintext = new Uint8Array(await recipient.open(bytes(unb64(share.ciphertext)), shareAad(envelope.header, custodianId)));
  } catch {
    throw new SealError('the share does not open: it or the envelope was altered', custodianId);
  }
  if ((await sha256Hex(plaintext)) !== entry.share_sha256) {
    throw new SealError('the share is not the one the header names', custodianId);
  }
  return plaintext;
}

/** The data key from at least `threshold` custodians' shares (the server does this at the opening;
 * here for the tests and for a recovery by hand). */
export async function combine(header: Header, shares: Record<string, Uint8Array>): Promise<Uint8Array> {
  const digests = new Map(header.custodians.map((c) => [c.custodian_id, c.share_sha256]));
  for (const [custodianId, share] of Object.entries(shares)) {
    if (!digests.has(custodianId)) throw new SealError('a share came from someone who is not a custodian', custodianId);
    if ((await sha256Hex(share)) !== digests.get(custodianId)) {
      throw new SealError("a custodian's share is not the one the header names", custodianId);
    }
  }
  const given = Object.values(shares);
  if (given.length < header.threshold) throw new SealError(`${given.length} of the ${header.threshold} shares needed`);
  const dataKey = await combineShares(given.slice(0, header.threshold));
  if ((await sha256Hex(concat(COMMITMENT, dataKey))) !== header.key_commitment) {
    throw new SealError('the shares do not rebuild the key the envelope was sealed with');
  }
  return dataKey;
}

export async function openParts(envelope: Envelope, dataKey: Uint8Array): Promise<Uint8Array[]> {
  const key = await aesKey(dataKey, 'decrypt');
  const out: Uint8Array[] = [];
  for (const [index, part] of envelope.parts.entries()) {
    const entry = envelope.header.parts[index];
    const ciphertext = unb64(part.ciphertext);
    if (!entry || (await sha256Hex(ciphertext)) !== entry.sha256) {
      throw new SealError("a part's ciphertext is not the one its header describes", undefined, index);
    }
    try {
      const iv = bytes(unb64(part.nonce));
      const additionalData = binding(envelope.header, index, entry.kind);
      out.push(new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, bytes(ciphertext))));
    } catch {
      throw new SealError('a part does not open: it was altered or moved', undefined, index);
    }
  }
  return out;
}

/** A new opening key pair: extractable only so that its backup can be written once
 * (`keyfile.ts`); the browser then keeps a non-extractable copy (`keystore.ts`). */
export async function generateOpeningKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
}

export async function publicKeyOf(keyPair: CryptoKeyPair): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey)));
}
