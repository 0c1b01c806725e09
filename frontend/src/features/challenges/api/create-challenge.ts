import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Challenge, ChallengeCreate } from '@/types/api';

export function createChallenge(body: ChallengeCreate): Promise<Challenge> {
  return request<Challenge>('/api/workflow/challenges', { json: body });
}

export function useCreateChallenge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createChallenge,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
