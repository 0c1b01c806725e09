import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';
import { request } from '@/lib/api-client';
import { ProblemError } from '@/lib/problem';
import type { Header, Share } from '../envelope';

export type OpeningKeyOut = components['schemas']['OpeningKeyOut'];
export type ChallengeCustodians = components['schemas']['ChallengeCustodians'];

// The opening routes (issue 16's contract) are typed here by hand until the server's spec has them.
export interface Candidate {
  user_id: string;
  display_name: string;
  organisation_id: string;
  organisation_name: string;
  role: 'gov_reviewer' | 'supervisor';
  fingerprint: string | null;
}
export interface OpeningCustodian {
  user_id: string;
  display_name: string | null;
  fingerprint: string | null;
  submitted_at: string | null;
}
export interface OpeningFailure {
  application_id: string;
  code: string;
  reason: string;
  custodian_id: string | null;
}
export interface OpeningStatus {
  challenge_id: string;
  state: 'sealed' | 'awaiting_custodians' | 'opened';
  threshold: number;
  envelopes: number;
  submitted: number;
  window_ends_at: string | null;
  extensions: number;
  opened_at: string | null;
  custodians: OpeningCustodian[];
  failures: OpeningFailure[];
}
export interface MyShare {
  application_id: string;
  header: Header;
  share: Share;
}
export interface ShareSubmission {
  shares: { application_id: string; share: string }[];
}

const WF = '/api/workflow';
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
    queryFn: () => request<{ items: Candidate[] }>(`${WF}/custody/candidates`),
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
    queryFn: () => request<OpeningStatus>(`${WF}/challenges/${encodeURIComponent(challengeId)}/opening`),
  });
}

export function fetchMyShares(challengeId: string): Promise<{ items: MyShare[] }> {
  return request<{ items: MyShare[] }>(`${WF}/challenges/${encodeURIComponent(challengeId)}/opening/shares/mine`);
}

export function useSubmitShares(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ShareSubmission) =>
      request<OpeningStatus>(`${WF}/challenges/${encodeURIComponent(challengeId)}/opening/shares`, { method: 'POST', json: body }),
    onSuccess: (status) => {
      queryClient.setQueryData(openingKey(challengeId), status);
      void queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] });
    },
  });
}
