import type { Challenge } from '@/types/api';

/** Actions that need a written reason before they are sent. */
export const REASON_ACTIONS = new Set(['request_changes', 'declare_unsuccessful', 'reject_award', 'cancel', 'reject_cancellation']);

/**
 * Actions confirmed without an opinion: the owner's own submission, and start_review, whose
 * opinion the workflow does not record (its transition is written without the request's reason).
 */
export const OPINION_NONE = new Set(['submit', 'start_review']);

/** Actions done on their own screens rather than as a plain button. */
export const SCREEN_ACTIONS = new Set(['recommend', 'amend', 'edit']);

// Buttons come from the server's allowed_actions only: the server already withholds the award
// decision (approve_award / reject_award) from the reviewer who recommended.
export function visibleActions(challenge: Pick<Challenge, 'allowed_actions'>): string[] {
  return [...challenge.allowed_actions];
}

/**
 * A reviewer looking at a recommendation the server does not let them decide: they made it
 * themselves, so another reviewer has to approve or reject it.
 */
export function awaitsOtherReviewer(challenge: Pick<Challenge, 'status' | 'allowed_actions'>, isReviewer: boolean): boolean {
  return (
    isReviewer &&
    challenge.status === 'award_approval' &&
    !challenge.allowed_actions.includes('approve_award') &&
    !challenge.allowed_actions.includes('reject_award')
  );
}

/**
 * Experts may be assigned only in 专家评审 (the server refuses before start_review). Assignment is
 * not a lifecycle action of its own, so it follows that stage's action: a reviewer is offered
 * `recommend` exactly while the challenge is in expert review.
 */
export function canAssignExperts(challenge: Pick<Challenge, 'status' | 'allowed_actions'>): boolean {
  return challenge.status === 'expert_review' && challenge.allowed_actions.includes('recommend');
}
