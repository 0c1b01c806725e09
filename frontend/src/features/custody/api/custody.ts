import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';
import { ProblemError } from '@/lib/problem';

export type OpeningKeyOut = components['schemas']['OpeningKeyOut'];
export type ChallengeCustodians = components['schemas']['ChallengeCustodians'];

export type Candidate = components['schemas']['Candidate'];
export type OpeningStatus = components['schemas']['OpeningStatus'];
export type MyShare = components['schemas']['MyShare'];
export type ShareSubmission = components['schemas']['SharesSubmission'];

const MINE = ['custody', 'keys', 'mine'] as const;

/** The caller's registered key, or null before one is registered (the server's 404). */
export function useMyOpeningKey(enabled = true) {
  return useQuery({
    queryKey: MINE,
    enabled,
    queryFn: async () => {
      try {
        return unwrap(await workflow.GET('/custody/keys/mine'));
      } catch (e) {
        if (e instanceof ProblemError && e.status === 404) return null;
        throw e;
      }
    },
  });
}

export function useRegisterOpeningKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (publicKey: string) => unwrap(await workflow.POST('/custody/keys', { body: { public_key: publicKey } })),
    onSuccess: (key) => queryClient.setQueryData(MINE, key),
  });
}

export function useCandidates(enabled = true) {
  return useQuery({
    queryKey: ['custody', 'candidates'],
    enabled,
    queryFn: async () => unwrap(await workflow.GET('/custody/candidates')),
  });
}

export function useChallengeCustodians(challengeId: string, enabled = true) {
  return useQuery({
    queryKey: ['challenges', challengeId, 'custodians'],
    enabled,
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/custodians', { params: { path: { challenge_id: challengeId } } })),
  });
}

const openingKey = (id: string) => ['challenges', id, 'opening'] as const;

export function useOpening(challengeId: string, enabled = true) {
  return useQuery({
    queryKey: openingKey(challengeId),
    enabled,
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/opening', { params: { path: { challenge_id: challengeId } } })),
  });
}

export async function fetchMyShares(challengeId: string) {
  return unwrap(await workflow.GET('/challenges/{challenge_id}/opening/shares/mine', { params: { path: { challenge_id: challengeId } } }));
}

export function useSubmitShares(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ShareSubmission) =>
      unwrap(await workflow.POST('/challenges/{challenge_id}/opening/shares', { params: { path: { challenge_id: challengeId } }, body })),
    onSuccess: (status) => {
      queryClient.setQueryData(openingKey(challengeId), status);
      void queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] });
    },
  });
}
