import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import { downloadFile } from '@/lib/download';
import type { AdminAuditPage, AdminAuditVerification } from '@/types/api';

/** The services keeping a chain of administrative acts, and where each serves it. */
export const AUDIT_SERVICES = {
  gateway: '/api/admin/audit',
  matching: '/api/matching/admin/audit',
  workflow: '/api/workflow/admin/audit',
} as const;
export type AuditService = keyof typeof AUDIT_SERVICES;

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  until?: string;
}

export const adminAuditQueryOptions = (service: AuditService, filters: AuditFilters, page: number, pageSize: number) =>
  queryOptions({
    queryKey: ['admin-audit', service, filters, page, pageSize],
    queryFn: () =>
      request<AdminAuditPage>(AUDIT_SERVICES[service], {
        query: { ...filters, limit: pageSize, offset: (page - 1) * pageSize },
      }),
    placeholderData: keepPreviousData,
  });

export const adminAuditVerificationQueryOptions = (service: AuditService) =>
  queryOptions({
    queryKey: ['admin-audit', service, 'verify'],
    queryFn: () => request<AdminAuditVerification>(`${AUDIT_SERVICES[service]}/verify`),
  });

export function exportAdminAudit(service: AuditService, filters: AuditFilters, format: 'xlsx' | 'csv'): Promise<void> {
  return downloadFile(`${AUDIT_SERVICES[service]}/export`, `audit-${service}.${format}`, {
    query: { ...filters, format },
  });
}
