import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestWithEtag } from '@/lib/api-client';
import type { Challenge } from '@/types/api';

export async function getChallenge(id: string): Promise<{ data: Challenge; etag: string | null }> {
  return requestWithEtag<Challenge>(`/api/workflow/challenges/${id}`);
}

export const challengeQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['challenges', 'detail', id], queryFn: () => getChallenge(id) });

export function useChallenge(id: string) {
  return useQuery(challengeQueryOptions(id));
}
