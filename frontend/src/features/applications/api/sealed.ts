import { queryOptions } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { Receipt, SealedApplication } from '@/types/api';

/** What a custodian-sealed challenge's envelopes are sealed to: the custodians in order, their current keys, k. */
export const custodiansQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'custodians'],
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/custodians', { params: { path: { challenge_id: challengeId } } })),
    // Sealed to the keys of the moment: a custodian who replaced its key must not be sealed to from a stale cache.
    staleTime: 0,
  });

/** The envelope as the route composes it from the custody feature's `seal` (the same JSON, decision 0100). */
export type SealedEnvelope = SealedApplication['envelope'];
const asBody = (envelope: SealedEnvelope): SealedApplication => ({ envelope });

export async function submitSealed(challengeId: string, envelope: SealedEnvelope, idempotencyKey: string): Promise<Receipt> {
  return unwrap(
    await workflow.POST('/challenges/{challenge_id}/applications/sealed', {
      params: { path: { challenge_id: challengeId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: asBody(envelope),
    }),
  );
}

export async function replaceSealed(applicationId: string, envelope: SealedEnvelope): Promise<Receipt> {
  return unwrap(
    await workflow.PUT('/applications/{application_id}/sealed', {
      params: { path: { application_id: applicationId } },
      body: asBody(envelope),
    }),
  );
}
