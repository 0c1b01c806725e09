import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { OutboxEvent } from '@/types/api';

export const deadLettersQueryOptions = () =>
  queryOptions({
    queryKey: ['outbox', 'failed'],
    queryFn: () => request<OutboxEvent[]>('/api/workflow/admin/outbox', { query: { state: 'failed' } }),
  });

export function useRetryEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (eventId: string) => request<OutboxEvent>(`/api/workflow/admin/outbox/${eventId}/retry`, { method: 'POST', json: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
