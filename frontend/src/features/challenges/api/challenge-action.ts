import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';
import type { Challenge } from '@/types/api';

type ActionRequest = components['schemas']['ActionRequest'];

export interface ActionInput {
  id: string;
  action: string;
  version?: number;
  body?: Partial<ActionRequest>;
}

export async function runAction({ id, action, version, body }: ActionInput): Promise<Challenge> {
  return unwrap(
    await workflow.POST('/challenges/{challenge_id}/actions/{action}', {
      params: { path: { challenge_id: id, action }, header: version !== undefined ? { 'If-Match': `"${version}"` } : undefined },
      // The server's default reason is empty: an action without an opinion sends none.
      body: { reason: '', ...body },
    }),
  );
}

export function useChallengeAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runAction,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
