import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Batch, Demand, DemandCreate, DemandReview, Interest, InterestCreate, SearchResult, SimilarItem } from '@/types/api';

export const demandQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['demands', id], queryFn: () => request<Demand>(`/api/matching/demands/${id}`) });

export const latestDemandsQueryOptions = (limit = 8) =>
  queryOptions({
    queryKey: ['demands', 'latest', limit],
    queryFn: async () =>
      (await request<SearchResult>('/api/matching/search', { query: { kind: 'demand', sort: 'published_at:desc', hits_per_page: limit } })).hits,
  });

/** The caller's organisation's demands in every status (pending, returned, published, expired). */
export const myDemandsQueryOptions = () =>
  queryOptions({
    queryKey: ['demands', 'mine'],
    queryFn: () => request<Demand[]>('/api/matching/demands', { query: { mine: true, limit: 200 } }),
  });

/** The reviewers' queue: demands enterprises submitted, waiting for a decision. */
export const demandQueueQueryOptions = () =>
  queryOptions({
    queryKey: ['demands', 'queue'],
    queryFn: () => request<Demand[]>('/api/matching/demands', { query: { status: 'pending_review', limit: 200 } }),
  });

export const demandReviewsQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['demands', id, 'reviews'], queryFn: () => request<DemandReview[]>(`/api/matching/demands/${id}/reviews`) });

/** Publish (`approve`) or return with the reason (`note`, required then). */
export function useReviewDemand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note: string }) =>
      request<Demand>(`/api/matching/demands/${id}/review`, { json: { approve, note } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

/** The owner revises a returned demand and submits it again. */
export function useResubmitDemand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DemandCreate) => request<Demand>(`/api/matching/demands/${id}`, { method: 'PUT', json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

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
    mutationFn: (body: InterestCreate) => request<Interest>(`/api/matching/demands/${demandId}/interests`, { json: body }),
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
