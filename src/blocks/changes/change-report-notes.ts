import type { ChangeRecord } from '../../domain/changes/change';
import type { StepRecord } from '../../domain/changes/journal';
import { counted, singular } from '../../domain/plural';

/**
 * What a change says in the thread it reports to (an alert's, where its remedy was clicked): the
 * people there did not follow the change's own thread, so each line names the change, where it is,
 * and what to do next.
 */
type Change = Pick<ChangeRecord, 'id' | 'title' | 'channel' | 'requester' | 'unit'>;
type Step = Pick<StepRecord, 'title' | 'skippable'>;

const where = (change: Change) => `change ${change.id} in <#${change.channel}>`;

export function askedReport(change: Change): string {
  return `:hourglass_flowing_sand: <@${change.requester}> asked to *${change.title}*: ${where(change)} waits for an approver other than them.`;
}

/** `outcome`: the feature's own line for what the change did; `failedGroups`: given up on under `continue`. */
export function doneReport(change: Change, failedGroups: readonly string[], outcome?: string): string {
  if (failedGroups.length > 0) {
    return `:warning: Done: ${change.title}, but ${counted(failedGroups.length, singular(change.unit), change.unit)} failed: ${failedGroups.join(', ')}. Each failure is in the thread of ${where(change)}.`;
  }
  return `:white_check_mark: ${outcome ?? `Done: ${change.title}`} (change ${change.id}).`;
}

export function pausedReport(change: Change, step: Step, reason: string): string {
  return `:x: *${change.title}* stopped: *${step.title}* failed: ${reason}\nAn approver can retry the step${step.skippable ? ', skip it' : ''} or abort ${where(change)}.`;
}

/** `left`: what the feature says stays as it is, and what to do about it. */
export function abortedReport(change: Change, user: string, left: string | undefined): string {
  return `:octagonal_sign: *${change.title}* was aborted by <@${user}> (change ${change.id}): no further step runs.${left ? ` ${left}` : ''}`;
}

export function rejectedReport(change: Change, user: string): string {
  return `:no_entry_sign: *${change.title}* was rejected by <@${user}> (change ${change.id}): nothing ran.`;
}

export function expiredReport(change: Change): string {
  return `:hourglass: *${change.title}* expired: nobody approved ${where(change)} in time, and nothing ran.`;
}

export function rolledBackReport(change: Change): string {
  return `:leftwards_arrow_with_hook: Rolled back: ${change.title} (change ${change.id}).`;
}

export function rollBackFailedReport(change: Change, step: Step, reason: string): string {
  return `:x: The roll-back of *${change.title}* stopped: *${step.title}* failed: ${reason}\nNothing more runs; ${where(change)} shows where each node is.`;
}
