import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

// A challenge's transition history: its timeline (challenges) and the approval dossier (awards) both read it.
export const transitionsQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'transitions', version],
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/transitions', { params: { path: { challenge_id: challengeId } } })),
  });

export function useTransitions(challengeId: string, version: number) {
  return useQuery(transitionsQueryOptions(challengeId, version));
}
