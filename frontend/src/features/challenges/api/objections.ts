import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

const ofChallenge = (challengeId: string) => ({ params: { path: { challenge_id: challengeId } } });

export const objectionsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'objections'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/objections', ofChallenge(challengeId))),
  });

export function useObjections(challengeId: string) {
  return useQuery({ ...objectionsQueryOptions(challengeId), retry: false });
}

export function useFileObjection(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (grounds: string) =>
      unwrap(await workflow.POST('/challenges/{challenge_id}/objections', { ...ofChallenge(challengeId), body: { grounds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId] }),
  });
}
