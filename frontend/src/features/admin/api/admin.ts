import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { gateway, matching, multipart, unwrap, unwrapBlob } from '@/api/clients';
import type { BatchCreate, CreateOrganisation, CreateUser } from '@/types/api';

export const organisationsQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'organisations'], queryFn: async () => unwrap(await gateway.GET('/api/admin/organisations')) });

export const usersQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'users'], queryFn: async () => unwrap(await gateway.GET('/api/admin/users')) });

export const adminBatchesQueryOptions = () =>
  queryOptions({ queryKey: ['batches'], queryFn: async () => unwrap(await matching.GET('/batches')) });

/** What an administrator does to an organisation or a user; suspending and rejecting say why. */
export type AdminCommand =
  | { organisation: string; act: 'verify' | 'reactivate' }
  | { organisation: string; act: 'suspend' | 'reject'; reason: string }
  | { user: string; act: 'activate' }
  | { user: string; act: 'suspend'; reason: string };

async function runAdminCommand(command: AdminCommand): Promise<unknown> {
  if ('organisation' in command) {
    const params = { path: { org_id: command.organisation } };
    switch (command.act) {
      case 'verify':
        return unwrap(await gateway.POST('/api/admin/organisations/{org_id}/verify', { params }));
      case 'reactivate':
        return unwrap(await gateway.POST('/api/admin/organisations/{org_id}/reactivate', { params }));
      case 'suspend':
        return unwrap(await gateway.POST('/api/admin/organisations/{org_id}/suspend', { params, body: { reason: command.reason } }));
      case 'reject':
        return unwrap(await gateway.POST('/api/admin/organisations/{org_id}/reject', { params, body: { reason: command.reason } }));
    }
  }
  const params = { path: { user_id: command.user } };
  if (command.act === 'activate') return unwrap(await gateway.POST('/api/admin/users/{user_id}/activate', { params }));
  return unwrap(await gateway.POST('/api/admin/users/{user_id}/suspend', { params, body: { reason: command.reason } }));
}

export function useAdminCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: runAdminCommand,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

/** Every demand as a sheet (budgets in 万元, times in Beijing time). */
export const demandsSheet = async () => unwrapBlob(await matching.GET('/demands.xlsx', { parseAs: 'blob' }));

/** A refused import's rows with their errors, as a sheet to correct and upload again. */
export const importReportSheet = async (batchId: string, file: File) =>
  unwrapBlob(
    await matching.POST('/batches/{batch_id}/import/report.xlsx', {
      params: { path: { batch_id: batchId } },
      ...multipart({ file }),
      parseAs: 'blob',
    }),
  );

export function useCreateBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: BatchCreate) => unwrap(await matching.POST('/batches', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export function useImportBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ batchId, file, dryRun }: { batchId: string; file: File; dryRun: boolean }) => {
      return unwrap(
        await matching.POST('/batches/{batch_id}/import', {
          params: { path: { batch_id: batchId }, query: { dry_run: dryRun } },
          ...multipart({ file }),
        }),
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export function usePublishBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (batchId: string) =>
      unwrap(await matching.POST('/batches/{batch_id}/publish', { params: { path: { batch_id: batchId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batches'] }),
  });
}

export type UserCreate = CreateUser;
export type OrganisationCreate = CreateOrganisation;

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: UserCreate) => unwrap(await gateway.POST('/api/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: OrganisationCreate) => unwrap(await gateway.POST('/api/admin/organisations', { body })),
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
