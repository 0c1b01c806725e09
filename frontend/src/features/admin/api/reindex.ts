import { useMutation } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { ReindexResult } from '@/types/api';

// Synchronous on the server: the mutation's pending state is the progress shown.
export function useReindex() {
  return useMutation({
    mutationFn: () => request<ReindexResult>('/api/matching/admin/search/reindex', { method: 'POST', json: {} }),
  });
}
