import { queryOptions, useQuery } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Publicity, Transition } from '@/types/api';

export const transitionsQueryOptions = (challengeId: string, version: number) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'transitions', version],
    queryFn: () => request<Transition[]>(`/api/workflow/challenges/${challengeId}/transitions`),
  });

export const publicityQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'publicity'],
    queryFn: () => request<Publicity>(`/api/workflow/challenges/${challengeId}/publicity`),
  });

export function useTransitions(challengeId: string, version: number) {
  return useQuery(transitionsQueryOptions(challengeId, version));
}

export function usePublicity(challengeId: string) {
  return useQuery(publicityQueryOptions(challengeId));
}
