import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';

const ofChallenge = (challengeId: string) => ({ params: { path: { challenge_id: challengeId } } });

export const questionsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'questions'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/questions', ofChallenge(challengeId))),
  });

export const amendmentsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'amendments'],
    queryFn: async () => unwrap(await workflow.GET('/challenges/{challenge_id}/amendments', ofChallenge(challengeId))),
  });

export function useQuestions(challengeId: string) {
  return useQuery(questionsQueryOptions(challengeId));
}

export function useAmendments(challengeId: string) {
  return useQuery(amendmentsQueryOptions(challengeId));
}

export function useAskQuestion(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (text: string) =>
      unwrap(await workflow.POST('/challenges/{challenge_id}/questions', { ...ofChallenge(challengeId), body: { text } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'questions'] }),
  });
}

export function useAnswerQuestion(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, answer }: { id: string; answer: string }) =>
      unwrap(await workflow.POST('/questions/{question_id}/answer', { params: { path: { question_id: id } }, body: { answer } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'questions'] }),
  });
}
