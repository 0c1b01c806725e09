import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Subscription, SubscriptionCreate } from '@/types/api';
import type { SearchParamsModel } from './search';

export const subscriptionsQueryOptions = () =>
  queryOptions({ queryKey: ['subscriptions'], queryFn: () => request<Subscription[]>('/api/matching/subscriptions') });

export function useSaveSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, model }: { name: string; model: SearchParamsModel }) =>
      request<Subscription>('/api/matching/subscriptions', {
        json: { name, q: model.q, kind: model.kind || null, filters: model.facets } satisfies SubscriptionCreate,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['subscriptions'] }),
  });
}

/** The search page URL that a saved search stands for. */
export function subscriptionHref(s: Pick<Subscription, 'q' | 'kind' | 'filters'>): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.kind) p.set('kind', s.kind);
  for (const [k, vs] of Object.entries(s.filters)) vs.forEach((v) => p.append(k, v));
  return `/search?${p.toString()}`;
}
