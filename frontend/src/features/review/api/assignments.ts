import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Assignment, Conflict, ScoreSheet } from '@/types/api';

export const myAssignmentsQueryOptions = () =>
  queryOptions({
    queryKey: ['assignments', 'mine'],
    queryFn: () => request<Assignment[]>('/api/workflow/assignments', { query: { mine: 'true' } }),
  });

export function useSubmitScores(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScoreSheet) => request<Assignment>(`/api/workflow/assignments/${id}/scores`, { method: 'PUT', json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}

export function useRecuse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => request<Assignment>(`/api/workflow/assignments/${id}/recuse`, { json: { reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}

export function useDeclareCoi(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (conflicts: Conflict[]) => request(`/api/workflow/challenges/${challengeId}/coi`, { json: { conflicts } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}
