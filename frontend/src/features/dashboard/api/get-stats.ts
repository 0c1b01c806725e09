import { queryOptions, useQuery } from '@tanstack/react-query';
import { matching, unwrap, workflow } from '@/api/clients';
import type { ChallengeSummary } from '@/types/api';

export const statsQueryOptions = () => queryOptions({ queryKey: ['stats'], queryFn: async () => unwrap(await matching.GET('/stats')) });

export const deliveryStatsQueryOptions = () =>
  queryOptions({ queryKey: ['delivery', 'stats'], queryFn: async () => unwrap(await workflow.GET('/delivery/stats')) });

/** The delivery funnel and funds committed vs released over published challenges (decision 0112). */
export function useDeliveryStats() {
  return useQuery(deliveryStatsQueryOptions());
}

export function useStats() {
  return useQuery(statsQueryOptions());
}

/** The challenges the caller may see (public: published onwards), for the funnel and 七端 counts. */
export function useVisibleChallenges() {
  return useQuery({
    queryKey: ['challenges', 'dashboard'],
    queryFn: async (): Promise<ChallengeSummary[]> =>
      unwrap(await workflow.GET('/challenges', { params: { query: { limit: 200 } } })).items,
  });
}

/** How many challenges reached each stage (a challenge now in publicity passed open too). */
export function funnel(counts: Record<string, number>, stages: readonly string[]): { stage: string; value: number }[] {
  return stages.map((stage, i) => ({
    stage,
    value: stages.slice(i).reduce((sum, s) => sum + (counts[s] ?? 0), 0),
  }));
}

export function countBy<T>(items: T[], keys: (item: T) => string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) for (const k of keys(item)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}
