import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { Challenge, ChallengeCreate } from '@/types/api';

export async function createChallenge(body: ChallengeCreate): Promise<Challenge> {
  return unwrap(await workflow.POST('/challenges', { body }));
}

export function useCreateChallenge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChallenge,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
