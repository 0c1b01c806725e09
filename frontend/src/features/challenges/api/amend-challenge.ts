import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
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
    mutationFn: async ({ id, etag, changes, reason }: AmendInput) =>
      unwrap(
        await workflow.PATCH('/challenges/{challenge_id}', {
          params: { path: { challenge_id: id }, header: { 'If-Match': etag } },
          body: { ...changes, reason },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
