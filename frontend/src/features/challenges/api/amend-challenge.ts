import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Challenge } from '@/types/api';

export interface AmendInput {
  id: string;
  /** The ETag of the version being amended; a stale one answers 412. */
  etag: string;
  changes: Partial<Pick<Challenge, 'description' | 'application_deadline'>>;
  reason: string;
}

export function useAmendChallenge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, etag, changes, reason }: AmendInput) =>
      request<Challenge>(`/api/workflow/challenges/${id}`, {
        method: 'PATCH',
        json: { ...changes, reason },
        headers: { 'If-Match': etag },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
