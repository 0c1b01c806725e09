import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { matching, unwrap } from '@/api/clients';
import type { Subscription } from '@/types/api';
import type { SearchParamsModel } from './search';

export const subscriptionsQueryOptions = () =>
  queryOptions({ queryKey: ['subscriptions'], queryFn: async () => unwrap(await matching.GET('/subscriptions')) });

export function useSaveSearch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, model }: { name: string; model: SearchParamsModel }) =>
      unwrap(await matching.POST('/subscriptions', { body: { name, q: model.q, kind: model.kind || null, filters: model.facets } })),
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
