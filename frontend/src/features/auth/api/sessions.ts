import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { gateway, unwrap } from '@/api/clients';

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: ['account', 'sessions'],
    queryFn: async () => unwrap(await gateway.GET('/api/account/sessions')),
  });

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (sessionId: string) =>
      unwrap(await gateway.DELETE('/api/account/sessions/{session_id}', { params: { path: { session_id: sessionId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account', 'sessions'] }),
  });
}
