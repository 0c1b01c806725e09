import { describe, expect, it } from 'vitest';
import { awaitsOtherReviewer, visibleActions } from './visible-actions';

describe('visibleActions', () => {
  it('offers exactly what the server allows', () => {
    expect(visibleActions({ allowed_actions: ['approve_award', 'reject_award', 'cancel'] })).toEqual([
      'approve_award',
      'reject_award',
      'cancel',
    ]);
    expect(visibleActions({ allowed_actions: [] })).toEqual([]);
  });
});

describe('awaitsOtherReviewer', () => {
  it('tells the recommending reviewer (the server withheld the decision) to wait for another', () => {
    expect(awaitsOtherReviewer({ status: 'award_approval', allowed_actions: ['cancel'] }, true)).toBe(true);
  });

  it('is false for a reviewer who may decide, for other states and for non-reviewers', () => {
    expect(awaitsOtherReviewer({ status: 'award_approval', allowed_actions: ['approve_award', 'reject_award'] }, true)).toBe(false);
    expect(awaitsOtherReviewer({ status: 'expert_review', allowed_actions: [] }, true)).toBe(false);
    expect(awaitsOtherReviewer({ status: 'award_approval', allowed_actions: [] }, false)).toBe(false);
  });
});
