import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { filled, gateway, matching, unwrap, unwrapBlob, workflow } from '@/api/clients';
import { saveFile } from '@/lib/download';
import type { AdminAuditPage, AdminAuditVerification } from '@/types/api';

/** The services keeping a chain of administrative acts (all three share the shape). */
export const AUDIT_SERVICES = ['gateway', 'matching', 'workflow'] as const;
export type AuditService = (typeof AUDIT_SERVICES)[number];

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  until?: string;
}

async function auditPage(service: AuditService, query: AuditFilters & { limit: number; offset: number }): Promise<AdminAuditPage> {
  const params = { query: filled(query) };
  if (service === 'gateway') return unwrap(await gateway.GET('/api/admin/audit', { params }));
  if (service === 'matching') return unwrap(await matching.GET('/admin/audit', { params }));
  return unwrap(await workflow.GET('/admin/audit', { params }));
}

export const adminAuditQueryOptions = (service: AuditService, filters: AuditFilters, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['admin-audit', service, filters, page, pageSize],
    queryFn: () => auditPage(service, { ...filters, limit: pageSize, offset: (page - 1) * pageSize }),
    placeholderData: keepPreviousData,
  });

export const adminAuditVerificationQueryOptions = (service: AuditService) =>
  queryOptions({
    queryKey: ['admin-audit', service, 'verify'],
    queryFn: async (): Promise<AdminAuditVerification> => {
      if (service === 'gateway') return unwrap(await gateway.GET('/api/admin/audit/verify'));
      if (service === 'matching') return unwrap(await matching.GET('/admin/audit/verify'));
      return unwrap(await workflow.GET('/admin/audit/verify'));
    },
  });

export async function exportAdminAudit(service: AuditService, filters: AuditFilters, format: 'xlsx' | 'csv'): Promise<void> {
  const params = { query: filled({ ...filters, format }) };
  const blob =
    service === 'gateway'
      ? unwrapBlob(await gateway.GET('/api/admin/audit/export', { params, parseAs: 'blob' }))
      : service === 'matching'
        ? unwrapBlob(await matching.GET('/admin/audit/export', { params, parseAs: 'blob' }))
        : unwrapBlob(await workflow.GET('/admin/audit/export', { params, parseAs: 'blob' }));
  saveFile(blob, `audit-${service}.${format}`);
}
