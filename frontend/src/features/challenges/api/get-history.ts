import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

export const publicityQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'publicity'],
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/publicity', { params: { path: { challenge_id: challengeId } } })),
  });

export function usePublicity(challengeId: string) {
  return useQuery(publicityQueryOptions(challengeId));
}
