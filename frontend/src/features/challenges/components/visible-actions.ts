import type { Challenge } from '@/types/api';

/** Actions that need a written reason before they are sent. */
export const REASON_ACTIONS = new Set(['request_changes', 'declare_unsuccessful', 'reject_award', 'cancel', 'reject_cancellation']);

/** Actions done on their own screens rather than as a plain button. */
export const SCREEN_ACTIONS = new Set(['recommend', 'amend', 'edit']);

const SECOND_REVIEWER = new Set(['approve_award', 'reject_award']);

// Buttons come from the server's allowed_actions only; the UI additionally hides the award
// decision from the reviewer who recommended it (the server refuses it anyway).
export function visibleActions(challenge: Pick<Challenge, 'allowed_actions' | 'recommended_by'>, userId: string | null): string[] {
  return challenge.allowed_actions.filter(
    (a) => !(SECOND_REVIEWER.has(a) && userId !== null && challenge.recommended_by === userId),
  );
}
