import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Batch, Demand, DemandCreate, Interest, SearchResult, SimilarItem } from '@/types/api';

export const demandQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['demands', id], queryFn: () => request<Demand>(`/api/matching/demands/${id}`) });

export const latestDemandsQueryOptions = (limit = 8) =>
  queryOptions({
    queryKey: ['demands', 'latest', limit],
    queryFn: async () =>
      (await request<SearchResult>('/api/matching/search', { query: { kind: 'demand', sort: 'published_at:desc', hits_per_page: limit } })).hits,
  });

/** The demands list filtered to the caller's organisation (the API has no "mine" filter). */
export const orgDemandsQueryOptions = (orgId: string | undefined) =>
  queryOptions({
    queryKey: ['demands', 'org', orgId],
    queryFn: async () => (await request<Demand[]>('/api/matching/demands', { query: { limit: 200 } })).filter((d) => d.publisher_org_id === orgId),
    enabled: Boolean(orgId),
  });

export const batchesQueryOptions = () =>
  queryOptions({ queryKey: ['batches'], queryFn: () => request<Batch[]>('/api/matching/batches') });

export const interestsQueryOptions = (demandId: string) =>
  queryOptions({
    queryKey: ['demands', demandId, 'interests'],
    queryFn: () => request<Interest[]>(`/api/matching/demands/${demandId}/interests`),
  });

export function useDemand(id: string) {
  return useQuery(demandQueryOptions(id));
}

export function useLatestDemands(limit?: number) {
  return useQuery(latestDemandsQueryOptions(limit));
}

/** "Similar items already published", asked before the demand exists. */
export function findSimilar(title: string, text: string): Promise<SimilarItem[]> {
  return request<SimilarItem[]>('/api/matching/demands/similar', { json: { title, text } });
}

export function useCreateDemand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DemandCreate) => request<Demand>('/api/matching/demands', { json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export function useExpressInterest(demandId: string) {
  return useMutation({
    mutationFn: ({ proposal, contact }: { proposal: string; contact?: string }) =>
      request<Interest>(`/api/matching/demands/${demandId}/interests`, { json: { proposal, contact } }),
  });
}

export function useDecideInterest(demandId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: 'deal' | 'declined'; reason?: string }) =>
      request<Interest>(`/api/matching/interests/${id}/decision`, { json: { decision, reason } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands', demandId, 'interests'] }),
  });
}
