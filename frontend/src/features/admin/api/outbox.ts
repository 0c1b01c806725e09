import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

export const deadLettersQueryOptions = () =>
  queryOptions({
    queryKey: ['outbox', 'failed'],
    queryFn: async () => unwrap(await workflow.GET('/admin/outbox', { params: { query: { state: 'failed' } } })),
  });

export function useRetryEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (eventId: string) =>
      unwrap(await workflow.POST('/admin/outbox/{event_id}/retry', { params: { path: { event_id: eventId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
