/**
 * The vendor's own copy of what it sealed (decision 0110): the plaintext application body stays in
 * the browser that sealed it, in IndexedDB, keyed by the signed-in user and the application id —
 * never uploaded, never encrypted to anyone. Another browser (or another user on this one) finds
 * nothing here and sees the envelope's header only.
 */
import type { ApplicationContent } from '@/types/api';

const DB = 'shigu-sealed-drafts';
const STORE = 'drafts';

export interface KeptDraft {
  /** `${userId}:${applicationId}` */
  key: string;
  body: ApplicationContent;
  /** The envelope the body was sealed into, so a later screen can tell which submission it is. */
  envelopeId: string;
  savedAt: string;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export const draftKey = (userId: string, applicationId: string) => `${userId}:${applicationId}`;

export async function keepDraft(userId: string, applicationId: string, body: ApplicationContent, envelopeId: string): Promise<void> {
  const draft: KeptDraft = { key: draftKey(userId, applicationId), body, envelopeId, savedAt: new Date().toISOString() };
  await run('readwrite', (s) => s.put(draft));
}

export async function readDraft(userId: string, applicationId: string): Promise<KeptDraft | null> {
  const found = await run<KeptDraft | undefined>(
    'readonly',
    (s) => s.get(draftKey(userId, applicationId)) as IDBRequest<KeptDraft | undefined>,
  );
  return found ?? null;
}

export async function forgetDraft(userId: string, applicationId: string): Promise<void> {
  await run('readwrite', (s) => s.delete(draftKey(userId, applicationId)));
}
