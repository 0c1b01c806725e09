import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Application, DirectoryExpert, ExpertScore, Objection, PanelMember, RankingRow } from '@/types/api';

export const panelQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'experts'],
    queryFn: () => request<PanelMember[]>(`/api/workflow/challenges/${challengeId}/experts`),
    retry: false,
  });

export const expertDirectoryQueryOptions = () =>
  queryOptions({
    queryKey: ['directory', 'experts'],
    queryFn: () => request<DirectoryExpert[]>('/api/directory/experts'),
    staleTime: 5 * 60_000,
  });

export const rankingQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'ranking', version],
    queryFn: () => request<RankingRow[]>(`/api/workflow/challenges/${challengeId}/ranking`),
    retry: false,
  });

/** Each expert's sheet behind the ranking: the server answers 403 until every assignment is scored or recused. */
export const expertScoresQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'ranking', 'scores', version],
    queryFn: () => request<ExpertScore[]>(`/api/workflow/challenges/${challengeId}/ranking/scores`),
    retry: false,
  });

export const challengeApplicationsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'applications'],
    queryFn: () => request<Application[]>(`/api/workflow/challenges/${challengeId}/applications`),
    retry: false,
  });

export function useObjectionQueue(challengeId: string) {
  return useQuery({
    queryKey: ['challenges', challengeId, 'objections'],
    queryFn: () => request<Objection[]>(`/api/workflow/challenges/${challengeId}/objections`),
  });
}

export function useAssignExperts(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userIds: string[]) => request(`/api/workflow/challenges/${challengeId}/experts`, { json: { user_ids: userIds } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}

export function useQualify(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, result, reason, due_at }: { id: string; result: 'eligible' | 'ineligible' | 'fixup'; reason?: string; due_at?: string }) =>
      request(`/api/workflow/applications/${id}/qualification`, { json: { result, reason, due_at } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'applications'] }),
  });
}

export function useRecommend(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, applicationIds, reason = '' }: { version: number; applicationIds: string[]; reason?: string }) =>
      request(`/api/workflow/challenges/${challengeId}/actions/recommend`, {
        json: { application_ids: applicationIds, reason },
        headers: { 'If-Match': `"${version}"` },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}

export function useDecideObjection(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, outcome, answer }: { id: string; outcome: 'upheld' | 'rejected'; answer: string }) =>
      request(`/api/workflow/objections/${id}/decision`, { json: { outcome, answer } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] }),
  });
}
