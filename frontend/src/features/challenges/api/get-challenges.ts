import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { ChallengePage, ChallengeSummary } from '@/types/api';

export interface ChallengeFilter {
  status?: ChallengeSummary['status'];
  mine?: boolean;
  limit?: number;
  offset?: number;
}

export async function getChallenges(filter: ChallengeFilter = {}): Promise<ChallengePage> {
  return unwrap(
    await workflow.GET('/challenges', {
      params: { query: { status: filter.status, mine: filter.mine || undefined, limit: filter.limit, offset: filter.offset } },
    }),
  );
}

export const challengesQueryOptions = (filter: ChallengeFilter = {}) =>
  queryOptions({ queryKey: ['challenges', filter], queryFn: () => getChallenges(filter) });

export function useChallenges(filter: ChallengeFilter = {}) {
  return useQuery({ ...challengesQueryOptions(filter), select: (page) => page.items });
}
