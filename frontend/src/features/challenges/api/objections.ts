import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Objection } from '@/types/api';

export const objectionsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'objections'],
    queryFn: async () => {
      const body = await request<Objection[] | { items: Objection[] }>(`/api/workflow/challenges/${challengeId}/objections`);
      return Array.isArray(body) ? body : body.items;
    },
  });

export function useObjections(challengeId: string) {
  return useQuery({ ...objectionsQueryOptions(challengeId), retry: false });
}

export function useFileObjection(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grounds: string) => request(`/api/workflow/challenges/${challengeId}/objections`, { json: { grounds } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] }),
  });
}
