import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Challenge } from '@/types/api';

export interface ActionInput {
  id: string;
  action: string;
  version?: number;
  body?: Record<string, unknown>;
}

export function runAction({ id, action, version, body }: ActionInput): Promise<Challenge> {
  return request<Challenge>(`/api/workflow/challenges/${id}/actions/${action}`, {
    method: 'POST',
    json: body ?? {},
    headers: version !== undefined ? { 'If-Match': `"${version}"` } : undefined,
  });
}

export function useChallengeAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runAction,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['challenges'] }),
  });
}
