import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gateway, unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';

type WS = components['schemas'];
/** A formal check's outcome and an objection's, as the workflow spells them. */
export type QualificationResult = WS['QualificationDecision']['result'];
export type ObjectionOutcome = WS['ObjectionDecision']['outcome'];

const ofChallenge = (challengeId: string) => ({ params: { path: { challenge_id: challengeId } } });

export const panelQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'experts'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/experts', ofChallenge(challengeId))),
    retry: false,
  });

export const expertDirectoryQueryOptions = () =>
  queryOptions({
    queryKey: ['directory', 'experts'],
    queryFn: async () => unwrap(await gateway.GET('/api/directory/experts')),
    staleTime: 5 * 60_000,
  });

export const rankingQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'ranking', version],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/ranking', ofChallenge(challengeId))),
    retry: false,
  });

/** Each expert's sheet behind the ranking: the server answers 403 until every assignment is scored or recused. */
export const expertScoresQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'ranking', 'scores', version],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/ranking/scores', ofChallenge(challengeId))),
    retry: false,
  });

export const challengeApplicationsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'applications'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/applications', ofChallenge(challengeId))),
    retry: false,
  });

export function useObjectionQueue(challengeId: string) {
  return useQuery({
    queryKey: ['challenges', challengeId, 'objections'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/objections', ofChallenge(challengeId))),
  });
}

export function useAssignExperts(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (userIds: string[]) =>
      unwrap(await workflow.POST('/challenges/{challenge_id}/experts', { ...ofChallenge(challengeId), body: { user_ids: userIds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}

export function useQualify(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, result, reason, due_at }: { id: string; result: QualificationResult; reason?: string; due_at?: string }) =>
      unwrap(
        await workflow.POST('/applications/{application_id}/qualification', {
          params: { path: { application_id: id } },
          body: { result, reason: reason ?? '', due_at },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'applications'] }),
  });
}

export function useRecommend(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ version, applicationIds, reason = '' }: { version: number; applicationIds: string[]; reason?: string }) =>
      unwrap(
        await workflow.POST('/challenges/{challenge_id}/actions/{action}', {
          params: { path: { challenge_id: challengeId, action: 'recommend' }, header: { 'If-Match': `"${version}"` } },
          body: { application_ids: applicationIds, reason },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}

export function useDecideObjection(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, outcome, answer }: { id: string; outcome: ObjectionOutcome; answer: string }) =>
      unwrap(
        await workflow.POST('/objections/{objection_id}/decision', { params: { path: { objection_id: id } }, body: { outcome, answer } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] }),
  });
}
