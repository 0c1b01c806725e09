import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { gateway, unwrap } from '@/api/clients';
import { request } from '@/lib/api-client';
import type { AdminUser, Batch, BatchCreate, CreateOrganisation, CreateUser, ImportReport, ReviewedOrganisation } from '@/types/api';

export const organisationsQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'organisations'], queryFn: () => request<ReviewedOrganisation[]>('/api/admin/organisations') });

export const usersQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'users'], queryFn: () => request<AdminUser[]>('/api/admin/users') });

export const adminBatchesQueryOptions = () =>
  queryOptions({ queryKey: ['batches'], queryFn: () => request<Batch[]>('/api/matching/batches') });

export function useAdminCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, reason }: { path: string; reason?: string }) => request(path, { method: 'POST', json: reason ? { reason } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useCreateBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BatchCreate) => request<Batch>('/api/matching/batches', { json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export function useImportBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ batchId, file, dryRun }: { batchId: string; file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      return request<ImportReport>(`/api/matching/batches/${batchId}/import`, { form, query: { dry_run: dryRun ? 'true' : 'false' } });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export function usePublishBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (batchId: string) => request(`/api/matching/batches/${batchId}/publish`, { method: 'POST', json: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export type UserCreate = CreateUser;
export type OrganisationCreate = CreateOrganisation;

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => request<AdminUser>('/api/admin/users', { json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OrganisationCreate) => request<ReviewedOrganisation>('/api/admin/organisations', { json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'organisations'] }),
  });
}

/** A one-time temporary password for a user, shown to the administrator once. */
export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (userId: string) =>
      unwrap(await gateway.POST('/api/admin/users/{user_id}/reset-password', { params: { path: { user_id: userId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

/** A one-time link with which the user sets a new password (24 h), shown to the administrator once
 * and e-mailed to the user's verified address, if any; the reason says how the identity was checked. */
export function useIssueResetLink() {
  return useMutation({
    mutationFn: async ({ userId, reason }: { userId: string; reason: string }) =>
      unwrap(
        await gateway.POST('/api/admin/users/{user_id}/password-reset-link', { params: { path: { user_id: userId } }, body: { reason } }),
      ),
  });
}

/** Switches off a user's lost second factor (the identity checked outside the platform, the reason
 * saying how); the user's sessions end, and a role that needs the factor enrols again. */
export function useResetTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ userId, reason }: { userId: string; reason: string }) =>
      unwrap(await gateway.POST('/api/admin/users/{user_id}/totp/reset', { params: { path: { user_id: userId } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}
