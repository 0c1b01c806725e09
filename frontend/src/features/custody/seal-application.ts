/**
 * The vendor's side of custodian sealing (decisions 0100, 0110): today's application body, split
 * into the envelope's parts — part 0 is the application's JSON with `documents: []`, each document
 * its own part (its name and content type in the header) — and sealed to the challenge's custodians.
 * At the opening the server puts the documents back, in order, as today's `documents`.
 */
import { seal, type Envelope, type SealedDocument } from './envelope';
import type { ApplicationContent, ChallengeCustodians, DocumentUpload } from '@/types/api';

export class NotSealable extends Error {
  constructor(readonly custodians: string[]) {
    super(`custodians without an opening key: ${custodians.join(', ')}`);
    this.name = 'NotSealable';
  }
}

function decode(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

/** The application part and the document parts of one application body. */
export function partsOf(body: ApplicationContent): { application: ApplicationContent; documents: SealedDocument[] } {
  const documents = (body.documents ?? []).map((d: DocumentUpload) => ({
    name: d.name,
    content_type: d.content_type,
    data: decode(d.content_base64),
  }));
  return { application: { ...body, documents: [] }, documents };
}

export async function sealApplication(input: {
  body: ApplicationContent;
  organisationId: string;
  custodians: ChallengeCustodians;
  onProgress?: (done: number, total: number) => void;
}): Promise<Envelope> {
  const missing = input.custodians.custodians.filter((c) => !c.public_key).map((c) => c.user_id);
  if (missing.length > 0) throw new NotSealable(missing);
  const { application, documents } = partsOf(input.body);
  return seal({
    challengeId: input.custodians.challenge_id,
    organisationId: input.organisationId,
    application,
    documents,
    custodians: input.custodians.custodians.map((c) => ({ custodian_id: c.user_id, public_key: c.public_key ?? '' })),
    threshold: input.custodians.threshold,
    onProgress: input.onProgress,
  });
}
