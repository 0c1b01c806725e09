/** The custodian's one action at the opening (decision 0109): open this custodian's share of every
 * envelope with the key in this browser, and keep apart those sealed to another key. */
import { type Envelope, type Header, SealError, b64, openShare } from './envelope';
import type { MyShare } from './api/custody';

export interface OpenedShares {
  shares: { application_id: string; share: string }[];
  /** envelopes sealed to a key this browser does not hold (the custodian's previous key) */
  otherKey: string[];
  /** envelopes whose share did not open or is not the one its header names */
  refused: { application_id: string; reason: string }[];
}

export async function openMyShares(
  items: MyShare[],
  custodianId: string,
  keyPair: CryptoKeyPair,
  onProgress?: (done: number, total: number) => void,
): Promise<OpenedShares> {
  const out: OpenedShares = { shares: [], otherKey: [], refused: [] };
  for (const [i, item] of items.entries()) {
    // openShare reads only the header and the shares: the parts stay on the server. The server
    // answers every header field (null included), so the header is byte for byte the sealed one.
    const envelope: Envelope = { header: item.header as Header, parts: [], shares: [item.share] };
    try {
      out.shares.push({ application_id: item.application_id, share: b64(await openShare(envelope, custodianId, keyPair)) });
    } catch (e) {
      if (e instanceof SealError && e.message.includes('another key')) out.otherKey.push(item.application_id);
      else out.refused.push({ application_id: item.application_id, reason: e instanceof Error ? e.message : String(e) });
    }
    onProgress?.(i + 1, items.length);
  }
  return out;
}
