import { queryOptions, useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { AuditEntry, AuditVerification } from '@/types/api';

export const auditQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'audit'],
    queryFn: () => request<AuditEntry[]>(`/api/workflow/challenges/${challengeId}/audit`),
  });

export const auditVerifyQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'audit', 'verify'],
    queryFn: () => request<AuditVerification>(`/api/workflow/challenges/${challengeId}/audit/verify`),
  });

export function useAudit(challengeId: string) {
  return useQuery(auditQueryOptions(challengeId));
}

export function useAuditVerification(challengeId: string) {
  return useQuery(auditVerifyQueryOptions(challengeId));
}
