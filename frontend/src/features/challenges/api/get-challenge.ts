import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrapWithEtag, workflow } from '@/api/clients';
import type { Challenge } from '@/types/api';

export async function getChallenge(id: string): Promise<{ data: Challenge; etag: string | null }> {
  return unwrapWithEtag(await workflow.GET('/challenges/{challenge_id}', { params: { path: { challenge_id: id } } }));
}

export const challengeQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['challenges', 'detail', id], queryFn: () => getChallenge(id) });

export function useChallenge(id: string) {
  return useQuery(challengeQueryOptions(id));
}
