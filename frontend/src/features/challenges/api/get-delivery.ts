import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

/** The public record of delivery after the award: each signed agreement's timeline (decision 0112). */
export const deliveryQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'delivery'],
    queryFn: async () =>
      unwrap(await workflow.GET('/challenges/{challenge_id}/delivery', { params: { path: { challenge_id: challengeId } } })),
  });

export function useDelivery(challengeId: string, enabled: boolean) {
  return useQuery({ ...deliveryQueryOptions(challengeId), enabled });
}
