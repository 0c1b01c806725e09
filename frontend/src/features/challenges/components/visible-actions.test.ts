import { describe, expect, it } from 'vitest';
import { visibleActions } from './visible-actions';

describe('visibleActions', () => {
  const challenge = { allowed_actions: ['approve_award', 'reject_award', 'cancel'], recommended_by: 'u-gov1' };

  it('never offers the award decision to the reviewer who recommended', () => {
    expect(visibleActions(challenge, 'u-gov1')).toEqual(['cancel']);
  });

  it('offers it to another reviewer, exactly as the server allows', () => {
    expect(visibleActions(challenge, 'u-gov2')).toEqual(['approve_award', 'reject_award', 'cancel']);
    expect(visibleActions({ allowed_actions: [], recommended_by: null }, 'u-gov2')).toEqual([]);
  });
});
