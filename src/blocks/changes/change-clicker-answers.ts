import type { ChangeState } from '../../domain/changes/change-state';

/** What only the person who clicked a change's button hears when the click does nothing. */

export const UNKNOWN_CHANGE_ON_DECIDE =
  'This change is unknown (it may be older than 90 days): nothing was done.';

export const UNKNOWN_CHANGE = 'This change is unknown: nothing was done.';

export const APPROVERS_ONLY = ':no_entry: Only people with the approver role can do that: ask an approver.';

export const STALE_STEP = 'The step you saw is no longer the failed one: look at the change again.';

export const CANNOT_ROLL_BACK = 'This change cannot be rolled back: abort it instead.';

/** Decided already (by `approver`, when one did). */
export function alreadyDecided(state: ChangeState | undefined, approver?: string): string {
  const by = approver ? ` by <@${approver}>` : '';
  return `This change is already ${state ?? 'decided'}${by}; nothing more to do.`;
}

/** Another click or job moved the change first. */
export function alreadyOver(state: ChangeState | undefined): string {
  return `This change is already ${state ?? 'over'}; nothing more to do.`;
}

export function cannotSkip(stepTitle: string): string {
  return `*${stepTitle}* cannot be skipped: retry it or abort the change.`;
}

/** Approve or Reject refused by the approval rules. */
export function decisionRefused(message: string): string {
  return `:no_entry: ${message}`;
}
