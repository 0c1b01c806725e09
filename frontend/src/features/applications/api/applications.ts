import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Application, ApplicationContent, Receipt } from '@/types/api';

const list = <T,>(body: T[] | { items: T[] }): T[] => (Array.isArray(body) ? body : body.items);

export const myApplicationsQueryOptions = () =>
  queryOptions({
    queryKey: ['applications', 'mine'],
    queryFn: async () => list(await request<Application[] | { items: Application[] }>('/api/workflow/applications', { query: { mine: 'true' } })),
  });

export const applicationQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['applications', id], queryFn: () => request<Application>(`/api/workflow/applications/${id}`) });

export function submitApplication(challengeId: string, body: ApplicationContent, idempotencyKey: string): Promise<Receipt> {
  return request<Receipt>(`/api/workflow/challenges/${challengeId}/applications`, {
    json: body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function replaceApplication(id: string, body: ApplicationContent): Promise<Receipt> {
  return request<Receipt>(`/api/workflow/applications/${id}`, { method: 'PUT', json: body });
}

export function useApplicationCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, command }: { id: string; command: 'withdraw' | 'confirm' }) =>
      request<Application>(`/api/workflow/applications/${id}/${command}`, { method: 'POST', json: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications'] }),
  });
}

export function useAnswerFixup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      request<Application>(`/api/workflow/applications/${id}/fixup`, { json: { note, documents: [] } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications'] }),
  });
}
