import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { ApplicationContent, Receipt } from '@/types/api';

const ofApplication = (id: string) => ({ params: { path: { application_id: id } } });

export const myApplicationsQueryOptions = () =>
  queryOptions({
    queryKey: ['applications', 'mine'],
    queryFn: async () => unwrap(await workflow.GET('/applications', { params: { query: { mine: true } } })),
  });

export const applicationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['applications', id],
    queryFn: async () => unwrap(await workflow.GET('/applications/{application_id}', ofApplication(id))),
  });

export async function submitApplication(challengeId: string, body: ApplicationContent, idempotencyKey: string): Promise<Receipt> {
  return unwrap(
    await workflow.POST('/challenges/{challenge_id}/applications', {
      params: { path: { challenge_id: challengeId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  );
}

export async function replaceApplication(id: string, body: ApplicationContent): Promise<Receipt> {
  return unwrap(await workflow.PUT('/applications/{application_id}', { ...ofApplication(id), body }));
}

export function useApplicationCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, command }: { id: string; command: 'withdraw' | 'confirm' }) =>
      command === 'withdraw'
        ? unwrap(await workflow.POST('/applications/{application_id}/withdraw', ofApplication(id)))
        : unwrap(await workflow.POST('/applications/{application_id}/confirm', ofApplication(id))),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications'] }),
  });
}

export function useAnswerFixup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, note }: { id: string; note: string }) =>
      unwrap(await workflow.POST('/applications/{application_id}/fixup', { ...ofApplication(id), body: { note, documents: [] } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['applications'] }),
  });
}
