/**
 * The custodian's opening key in this browser (decision 0109): a P-256 ECDH key pair in IndexedDB,
 * one record per user id, the private key non-extractable.
 *
 * WebCrypto cannot export a non-extractable key, so the backup is written exactly once, when the
 * key is made: `createKey` generates an extractable pair, writes the passphrase-encrypted backup
 * file (`keyfile.ts`, scrypt), re-imports the private key as non-extractable, stores only that,
 * and drops the extractable copy. Restoring a backup file (`restoreKey`) imports it as
 * non-extractable too (`keyfile.importKey`). The key never leaves the browser except in that file.
 */
import { SealError, fingerprint, generateOpeningKey, publicKeyOf, unb64 } from './envelope';
import { type KeyFile, MIN_PASSPHRASE, exportKey, importKey } from './keyfile';

const DB_NAME = 'shigu-custody';
const STORE = 'opening-keys';
const ALGORITHM = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface StoredKey {
  userId: string;
  /** base64url of the 65-byte uncompressed point, as the server registers it */
  publicKey: string;
  fingerprint: string;
  privateKey: CryptoKey;
  createdAt: string;
}

export interface LoadedKey extends StoredKey {
  keyPair: CryptoKeyPair;
}

/** The fingerprint in groups of four hex digits, as the server's `fingerprint_display`. */
export function fingerprintDisplay(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'userId' });
  };
  return request(req);
}

async function withStore<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, mode);
    const result = await request(action(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  } finally {
    db.close();
  }
}

async function keyPairOf(record: StoredKey): Promise<CryptoKeyPair> {
  const raw = unb64(record.publicKey);
  const buffer = new Uint8Array(new ArrayBuffer(raw.byteLength));
  buffer.set(raw);
  const publicKey = await crypto.subtle.importKey('raw', buffer, ALGORITHM, true, []);
  return { privateKey: record.privateKey, publicKey };
}

/** Stores a key pair whose private key is already non-extractable, replacing the user's record. */
async function store(userId: string, keyPair: CryptoKeyPair): Promise<LoadedKey> {
  if (keyPair.privateKey.extractable) throw new SealError('only a non-extractable private key is kept in the browser');
  const publicKey = await publicKeyOf(keyPair);
  const record: StoredKey = {
    userId,
    publicKey,
    fingerprint: await fingerprint(publicKey),
    privateKey: keyPair.privateKey,
    createdAt: new Date().toISOString(),
  };
  await withStore('readwrite', (s) => s.put(record));
  return { ...record, keyPair };
}

/** The user's key in this browser, or null. */
export async function loadKey(userId: string): Promise<LoadedKey | null> {
  const record = (await withStore('readonly', (s) => s.get(userId))) as StoredKey | undefined;
  if (!record) return null;
  return { ...record, keyPair: await keyPairOf(record) };
}

export async function deleteKey(userId: string): Promise<void> {
  await withStore('readwrite', (s) => s.delete(userId));
}

/**
 * A new opening key for `userId`: its backup file under `passphrase` (to download; the only copy
 * that can ever leave the browser), and the stored non-extractable key.
 */
export async function createKey(
  userId: string,
  passphrase: string,
  options: { n?: number; onProgress?: (p: number) => void } = {},
): Promise<{ key: LoadedKey; backup: KeyFile }> {
  if (passphrase.length < MIN_PASSPHRASE) {
    throw new SealError(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  }
  const extractable = await generateOpeningKey();
  const backup = await exportKey(extractable, passphrase, options);
  const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', extractable.privateKey));
  const privateKey = await crypto.subtle.importKey('pkcs8', der, ALGORITHM, false, ['deriveBits']);
  der.fill(0);
  const key = await store(userId, { privateKey, publicKey: extractable.publicKey });
  return { key, backup };
}

/** Restores a backup file into this browser (non-extractable), replacing what the browser held. */
export async function restoreKey(
  userId: string,
  file: KeyFile,
  passphrase: string,
  options: { onProgress?: (p: number) => void } = {},
): Promise<LoadedKey> {
  return store(userId, await importKey(file, passphrase, options));
}

/** The backup file's download name and body. */
export function backupFile(userId: string, file: KeyFile): { name: string; blob: Blob } {
  const stamp = file.fingerprint.slice(0, 8);
  return {
    name: `shigu-opening-key-${userId}-${stamp}.json`,
    blob: new Blob([JSON.stringify(file, null, 2) + '\n'], { type: 'application/json' }),
  };
}

/** A backup file read from disk, checked for its shape (the passphrase checks the rest). */
export function parseBackup(text: string): KeyFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SealError('not a custodian key file');
  }
  const file = value as Partial<KeyFile>;
  if (!file || typeof file !== 'object' || typeof file.public_key !== 'string' || typeof file.ciphertext !== 'string') {
    throw new SealError('not a custodian key file');
  }
  return file as KeyFile;
}
