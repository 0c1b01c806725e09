import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { matching, unwrap } from '@/api/clients';
import type { components } from '@/api/generated/matching';
import type { DemandCreate, InterestCreate, SimilarItem } from '@/types/api';

/** What an enterprise decides on a vendor's interest, as the matching service spells it. */
export type InterestDecision = components['schemas']['Decision']['decision'];

const ofDemand = (id: string) => ({ params: { path: { demand_id: id } } });

export const demandQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['demands', id], queryFn: async () => unwrap(await matching.GET('/demands/{demand_id}', ofDemand(id))) });

export const latestDemandsQueryOptions = (limit = 8) =>
  queryOptions({
    queryKey: ['demands', 'latest', limit],
    queryFn: async () =>
      unwrap(await matching.GET('/search', { params: { query: { kind: 'demand', sort: 'published_at:desc', hits_per_page: limit } } }))
        .hits,
  });

/** The caller's organisation's demands in every status (pending, returned, published, expired). */
export const myDemandsQueryOptions = () =>
  queryOptions({
    queryKey: ['demands', 'mine'],
    queryFn: async () => unwrap(await matching.GET('/demands', { params: { query: { mine: true, limit: 200 } } })),
  });

/** The reviewers' queue: demands enterprises submitted, waiting for a decision. */
export const demandQueueQueryOptions = () =>
  queryOptions({
    queryKey: ['demands', 'queue'],
    queryFn: async () => unwrap(await matching.GET('/demands', { params: { query: { status: 'pending_review', limit: 200 } } })),
  });

export const demandReviewsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['demands', id, 'reviews'],
    queryFn: async () => unwrap(await matching.GET('/demands/{demand_id}/reviews', ofDemand(id))),
  });

/** Publish (`approve`) or return with the reason (`note`, required then). */
export function useReviewDemand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, approve, note }: { id: string; approve: boolean; note: string }) =>
      unwrap(await matching.POST('/demands/{demand_id}/review', { ...ofDemand(id), body: { approve, note } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

/** The owner revises a returned demand and submits it again. */
export function useResubmitDemand(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: DemandCreate) => unwrap(await matching.PUT('/demands/{demand_id}', { ...ofDemand(id), body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export const batchesQueryOptions = () =>
  queryOptions({ queryKey: ['batches'], queryFn: async () => unwrap(await matching.GET('/batches')) });

export const interestsQueryOptions = (demandId: string) =>
  queryOptions({
    queryKey: ['demands', demandId, 'interests'],
    queryFn: async () => unwrap(await matching.GET('/demands/{demand_id}/interests', ofDemand(demandId))),
  });

export function useDemand(id: string) {
  return useQuery(demandQueryOptions(id));
}

export function useLatestDemands(limit?: number) {
  return useQuery(latestDemandsQueryOptions(limit));
}

/** "Similar items already published", asked before the demand exists. */
export async function findSimilar(title: string, text: string): Promise<SimilarItem[]> {
  return unwrap(await matching.POST('/demands/similar', { body: { title, text } }));
}

export function useCreateDemand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: DemandCreate) => unwrap(await matching.POST('/demands', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands'] }),
  });
}

export function useExpressInterest(demandId: string) {
  return useMutation({
    mutationFn: async (body: InterestCreate) =>
      unwrap(await matching.POST('/demands/{demand_id}/interests', { ...ofDemand(demandId), body })),
  });
}

export function useDecideInterest(demandId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, decision, reason }: { id: string; decision: InterestDecision; reason?: string }) =>
      unwrap(
        await matching.POST('/interests/{interest_id}/decision', {
          params: { path: { interest_id: id } },
          body: { decision, reason: reason ?? '' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['demands', demandId, 'interests'] }),
  });
}
