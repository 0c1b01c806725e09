import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { Amendment, Question } from '@/types/api';

const list = <T,>(body: T[] | { items: T[] }): T[] => (Array.isArray(body) ? body : body.items);

export const questionsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'questions'],
    queryFn: async () => list(await request<Question[] | { items: Question[] }>(`/api/workflow/challenges/${challengeId}/questions`)),
  });

export const amendmentsQueryOptions = (challengeId: string) =>
  queryOptions({
    queryKey: ['challenges', challengeId, 'amendments'],
    queryFn: async () => list(await request<Amendment[] | { items: Amendment[] }>(`/api/workflow/challenges/${challengeId}/amendments`)),
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
    mutationFn: (text: string) => request(`/api/workflow/challenges/${challengeId}/questions`, { json: { text } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'questions'] }),
  });
}

export function useAnswerQuestion(challengeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: string }) =>
      request(`/api/workflow/questions/${id}/answer`, { json: { answer } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['challenges', challengeId, 'questions'] }),
  });
}
