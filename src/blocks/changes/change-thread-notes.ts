import type { ChangeRecord } from '../../domain/changes/change';
import type { StepRecord } from '../../domain/changes/journal';

/**
 * What a change's thread says at each move. Each note is a fact the approver acts on, so it names
 * the step, the person and what is left as it is.
 */
type Change = Pick<ChangeRecord, 'id' | 'kind' | 'title' | 'unit' | 'requester'>;
type Step = Pick<StepRecord, 'title' | 'group' | 'skippable' | 'skipsGroup'>;

export function unknownKindNote(change: Change): string {
  return (
    `:warning: Change ${change.id} is of a kind this version of the bot does not know (\`${change.kind}\`): ` +
    'nothing more runs. Deploy a version of the bot that knows it, or abort the change.'
  );
}

export function decidedNote(decision: 'approved' | 'rejected', user: string): string {
  return `${decision === 'approved' ? ':white_check_mark: Approved' : ':no_entry_sign: Rejected'} by <@${user}>.`;
}

export const EXPIRED_NOTE = ':hourglass: Nobody decided in time: the change expired and changed nothing.';

export const APPLYING_NOTE = ':gear: Applying.';

/** `failedGroups`: the groups given up on under `continue` on failure. */
export function doneNote(change: Change, failedGroups: readonly string[]): string {
  if (failedGroups.length === 0) return `:white_check_mark: Done: ${change.title}.`;
  return `:warning: Done: ${change.title}, but ${failedGroups.length} of the ${change.unit} failed: ${failedGroups.join(', ')}. Each failure is in this thread.`;
}

export function gaveUpGroupNote(step: Step, reason: string): string {
  return `:x: *${step.title}* failed: ${reason}\n${step.group} is given up on; the others go on.`;
}

export function leftGroupNote(step: Step, reason: string): string {
  return `:fast_forward: ${step.group} is left for later: ${reason}. The others go on.`;
}

export function pausedNote(change: Change, step: Step, reason: string): string {
  return `:warning: <@${change.requester}> *${step.title}* failed: ${reason}\nThe change is paused: an approver can retry the step${step.skippable ? ', skip it' : ''} or abort.`;
}

/** `lastOutput`: what the last roll-back step said it did. */
export function rolledBackNote(change: Change, lastOutput: string | undefined): string {
  return `:leftwards_arrow_with_hook: Rolled back: ${change.title}.${lastOutput ? ` ${capitalised(lastOutput)}.` : ''}`;
}

export function rollBackFailedNote(change: Change, step: Step, reason: string): string {
  return `:x: <@${change.requester}> the roll-back stopped: *${step.title}* failed: ${reason}\nNothing more runs; see the change for where each node is.`;
}

export function resumedNote(action: 'retry' | 'skip', step: Step, user: string): string {
  if (action === 'retry') return `:repeat: Retrying *${step.title}* (<@${user}>).`;
  const rest = step.skipsGroup ? ` and the rest of ${step.group}, left as it is` : '';
  return `:fast_forward: Skipped *${step.title}*${rest} (<@${user}>).`;
}

/** `left`: what the feature says stays as it is; `released`: what it let go of. */
export function abortedNote(user: string, left: string | undefined, released: string): string {
  return `:octagonal_sign: Aborted by <@${user}>: no further step runs.${left ? ` ${left}` : ''}${released ? `\n${released}` : ''}`;
}

export function rollingBackNote(user: string): string {
  return `:rewind: Rolling back, by <@${user}>: no new node starts; the nodes already touched go back the way they came, the last one first.`;
}

const capitalised = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
