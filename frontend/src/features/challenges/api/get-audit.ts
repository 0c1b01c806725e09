import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

const params = (challengeId: string) => ({ params: { path: { challenge_id: challengeId } } });

export const auditQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'audit'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/audit', params(challengeId))),
  });

export const auditVerifyQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'audit', 'verify'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/audit/verify', params(challengeId))),
  });

export function useAudit(challengeId: string) {
  return useQuery(auditQueryOptions(challengeId));
}

export function useAuditVerification(challengeId: string) {
  return useQuery(auditVerifyQueryOptions(challengeId));
}
