import { pausedReport, rollBackFailedReport } from '../../src/blocks/changes/change-report-notes';
import {
  gaveUpGroupNote,
  leftGroupNote,
  pausedNote,
  rollBackFailedNote,
} from '../../src/blocks/changes/change-thread-notes';
import { LEFT } from '../../src/blocks/changes/group-table';
import type { ChangeRecord } from '../../src/domain/changes/change';
import type { StepRecord } from '../../src/domain/changes/journal';
import type { CommandDeps } from '../job-context';
import { noteChange, showChange } from './change-report';
import { changeJobId, startChangeJob, tellParent } from './engine';

/** `continue` on failure: the step fails, the rest of its group is skipped, the thread hears it once, the others go on. */
export function giveUpGroup(deps: CommandDeps, change: ChangeRecord, step: StepRecord, reason: string) {
  return settleGroup(deps, change, step, {
    state: 'failed',
    output: reason,
    rest: `not run: ${step.title} failed`,
    note: gaveUpGroupNote(step, reason),
    noteKey: 'gave-up',
    outcome: 'group failed',
  });
}

/** A step that finds its group cannot go now: it and the rest of its group are skipped, said once, the others go on. */
export function leaveGroup(deps: CommandDeps, change: ChangeRecord, step: StepRecord, reason: string) {
  return settleGroup(deps, change, step, {
    state: 'skipped',
    output: `${LEFT}${reason}`,
    rest: `${LEFT}${reason}`,
    note: leftGroupNote(step, reason),
    noteKey: 'left',
    outcome: 'group left for later',
  });
}

/** Ends a step's group where it stands: the step recorded as said, the rest skipped, the thread told once, the change moved on. */
async function settleGroup(
  deps: CommandDeps,
  change: ChangeRecord,
  step: StepRecord,
  how: {
    state: 'failed' | 'skipped';
    output: string;
    rest: string;
    note: string;
    noteKey: string;
    outcome: string;
  },
): Promise<void> {
  const now = deps.clock.now();
  if (step.state === 'running') {
    await deps.stores.changes.updateStep(change.id, 'running', {
      ...step,
      state: how.state,
      output: how.output,
      endedAt: now,
    });
  }
  for (const rest of await deps.stores.changes.steps(change.id)) {
    if (rest.group !== step.group || rest.state !== 'pending') continue;
    await deps.stores.changes.updateStep(change.id, 'pending', {
      ...rest,
      state: 'skipped',
      output: how.rest,
      endedAt: now,
    });
  }
  await noteChange(deps, change, how.note, {
    jobId: changeJobId(change.id, how.noteKey, step.key, step.attempts),
    outcome: how.outcome,
  });
  await startChangeJob(
    deps,
    'change-advance',
    { id: change.id },
    changeJobId(change.id, 'after', step.key, step.attempts),
  );
}

/** A failed step pauses the change (or, in a roll-back, ends it as failed), said once in its thread. */
export async function pause(
  deps: CommandDeps,
  change: ChangeRecord,
  step: StepRecord,
  reason: string,
): Promise<void> {
  if (step.state === 'running') {
    await deps.stores.changes.updateStep(change.id, 'running', {
      ...step,
      state: 'failed',
      output: reason,
      endedAt: deps.clock.now(),
    });
  }
  if (change.state === 'rolling-back') return rollBackFailed(deps, change, step, reason);
  const moved = await deps.stores.changes.move(change.id, 'step-failed', deps.clock.now());
  // Already paused: a step seen through during the pause failed as well; its words still reach the thread.
  if (moved.moved || moved.found === 'paused') {
    await noteChange(deps, change, pausedNote(change, step, reason), {
      jobId: changeJobId(change.id, 'paused', step.key, step.attempts),
      outcome: 'paused',
      report: pausedReport(change, step, reason),
    });
  }
  await showChange(deps, change.id);
  await tellParent(deps, change, `paused-${step.key}`);
}

/** A roll-back step that failed (`pause` recorded it) ends the change as failed, said once in its thread. */
async function rollBackFailed(deps: CommandDeps, change: ChangeRecord, step: StepRecord, reason: string) {
  await deps.stores.changes.move(change.id, 'roll-back-failed', deps.clock.now());
  await noteChange(deps, change, rollBackFailedNote(change, step, reason), {
    jobId: changeJobId(change.id, 'rollback-failed', step.key),
    outcome: 'failed',
    report: rollBackFailedReport(change, step, reason),
  });
  await showChange(deps, change.id);
  await tellParent(deps, change, 'failed');
}
