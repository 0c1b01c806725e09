import { describe, expect, it } from 'vitest';
import { auditKind } from './audit-kind';

describe('auditKind', () => {
  it('groups actions by what part of the process they record', () => {
    expect(auditKind('transition.submit')).toBe('lifecycle');
    expect(auditKind('challenge.created')).toBe('lifecycle');
    expect(auditKind('applications.opened')).toBe('applications');
    expect(auditKind('assignment.scored')).toBe('review');
    expect(auditKind('outbox.retried')).toBe('operations');
    expect(auditKind('something.new')).toBe('operations');
  });
});
