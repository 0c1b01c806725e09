// The audit chain's actions by the part of the process they record, for the timeline's filter.
export const AUDIT_KINDS = ['lifecycle', 'applications', 'review', 'operations'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

const BY_PREFIX: Record<string, AuditKind> = {
  challenge: 'lifecycle',
  transition: 'lifecycle',
  action: 'lifecycle',
  application: 'applications',
  applications: 'applications',
  assignment: 'review',
  expert: 'review',
  experts: 'review',
  outbox: 'operations',
};

export function auditKind(action: string): AuditKind {
  return BY_PREFIX[action.split('.')[0] ?? ''] ?? 'operations';
}
