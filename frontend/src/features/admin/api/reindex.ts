import { useMutation } from '@tanstack/react-query';
import { matching, unwrap } from '@/api/clients';

// Synchronous on the server: the mutation's pending state is the progress shown.
export function useReindex() {
  return useMutation({
    mutationFn: async () => unwrap(await matching.POST('/admin/search/reindex')),
  });
}
