import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { Conflict, ScoreSheet } from '@/types/api';

const ofAssignment = (id: string) => ({ params: { path: { assignment_id: id } } });

export const myAssignmentsQueryOptions = () =>
  queryOptions({
    queryKey: ['assignments', 'mine'],
    queryFn: async () => unwrap(await workflow.GET('/assignments', { params: { query: { mine: true } } })),
  });

export function useSubmitScores(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ScoreSheet) =>
      unwrap(await workflow.PUT('/assignments/{assignment_id}/scores', { ...ofAssignment(id), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}

export function useRecuse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(await workflow.POST('/assignments/{assignment_id}/recuse', { ...ofAssignment(id), body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}

export function useDeclareCoi(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (conflicts: Conflict[]) =>
      unwrap(
        await workflow.POST('/challenges/{challenge_id}/coi', { params: { path: { challenge_id: challengeId } }, body: { conflicts } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assignments'] }),
  });
}
