import { activeTraceparent } from '../../src/adapters/tracing/change-trace';
import { doneReport, rolledBackReport } from '../../src/blocks/changes/change-report-notes';
import { APPLYING_NOTE, doneNote, rolledBackNote } from '../../src/blocks/changes/change-thread-notes';
import type { ChangeRecord } from '../../src/domain/changes/change';
import {
  failedGroups,
  failedStep,
  isComplete,
  newJournal,
  runnableSteps,
  type StepRecord,
} from '../../src/domain/changes/journal';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import type { ChangeFeatures } from './change-feature';
import { noteChange, showChange, showChangeSoon } from './change-report';
import { changeJobId, startChangeJob, tellParent } from './engine';
import { featureOf } from './feature-of-change';
import { pause } from './step-failure';

/** Moves an approved change into applying and starts every step that may run now; finishes it when all are. */
export function advance(features: ChangeFeatures): BackgroundProcessor<'change-advance'> {
  return (job, deps) => advanceChange(deps, features, job.data.id);
}

export async function advanceChange(deps: CommandDeps, features: ChangeFeatures, id: string) {
  let change = await deps.stores.changes.get(id);
  if (!change) return { outcome: 'unknown' };
  const feature = await featureOf(deps, features, change);
  if (change.state === 'approved') {
    // Its steps' traces link here (each step job starts a trace of its own).
    const traceparent = activeTraceparent();
    if (traceparent) await deps.stores.changes.recordTrace(change.id, traceparent);
    const moved = await deps.stores.changes.move(change.id, 'start', deps.clock.now());
    if (moved.moved) {
      await noteChange(deps, change, APPLYING_NOTE, {
        jobId: changeJobId(change.id, 'applying'),
        outcome: 'applying',
      });
    }
    change = (await deps.stores.changes.get(change.id)) ?? change;
  }
  if (change.state === 'rolling-back') return advanceRollBack(deps, features, change);
  // A done change is seen through its end again: the job that finished it may have died before saying so.
  if (change.state !== 'applying' && change.state !== 'done') return { outcome: change.state };
  const steps = await deps.stores.changes.steps(change.id);
  const goOn = { continueOnFailure: change.onFailure === 'continue' };
  if (change.state === 'done' || isComplete(steps, goOn)) {
    const failed = failedGroups(steps).map((f) => f.group);
    const note = doneNote(change, failed);
    const moved = await deps.stores.changes.move(change.id, 'finish', deps.clock.now());
    // Found done: the run that moved it may have died before its note, which the history would hold.
    const said =
      !moved.moved &&
      (moved.found !== 'done' || (await deps.stores.changes.events(change.id)).some((e) => e.text === note));
    if (!said) {
      const outcome = feature.outcome?.(change, feature.planner.parse(change.plan), steps);
      await noteChange(deps, change, note, {
        jobId: changeJobId(change.id, 'done'),
        outcome: 'done',
        report: doneReport(change, failed, outcome),
      });
    }
    await showChange(deps, change.id);
    await tellParent(deps, change, 'done');
    return { outcome: 'done' };
  }
  // A step seen through during a pause may have failed too: it pauses the change again, said once.
  const failed = goOn.continueOnFailure ? undefined : failedStep(steps);
  if (failed) {
    await pause(deps, change, failed, failed.output ?? 'failed');
    return { outcome: 'paused' };
  }
  await startRunnable(deps, change, steps, goOn);
  await showChangeSoon(deps, change);
  return { outcome: 'advanced' };
}

/** Starts every step that may run now; a repeat adds nothing (the job IDs say which step and try). */
async function startRunnable(
  deps: CommandDeps,
  change: ChangeRecord,
  steps: readonly StepRecord[],
  goOn: { continueOnFailure?: boolean } = {},
): Promise<void> {
  // A step job that ran while the change was paused did nothing; after the resume it needs a new ID.
  const wave = change.resumes ? [`r${change.resumes}`] : [];
  for (const step of runnableSteps(steps, change.maxParallel, goOn)) {
    await startChangeJob(
      deps,
      'change-step',
      { id: change.id, key: step.key },
      changeJobId(change.id, step.key, step.attempts, ...wave),
    );
  }
}

/**
 * Rolling back: the roll-back steps are added once (from what the forward steps did), forward steps
 * not begun are skipped, and the roll-back runs like any change; when it is through, the change is rolled back.
 */
async function advanceRollBack(deps: CommandDeps, features: ChangeFeatures, change: ChangeRecord) {
  const feature = await featureOf(deps, features, change);
  let steps = await deps.stores.changes.steps(change.id);
  const now = deps.clock.now();
  if (!steps.some((s) => s.back) && feature.rollBack) {
    const specs = feature.rollBack(change, feature.planner.parse(change.plan), steps);
    const base = Math.max(...steps.map((s) => s.index)) + 1;
    await deps.stores.changes.appendSteps(
      change.id,
      newJournal(specs).map((s) => ({ ...s, index: base + s.index })),
    );
  }
  for (const s of steps) {
    if (s.back || (s.state !== 'pending' && s.state !== 'failed')) continue;
    await deps.stores.changes.updateStep(change.id, s.state, {
      ...s,
      state: 'skipped',
      output: s.state === 'failed' ? `${s.output ?? 'failed'}; rolled back instead` : 'not run: rolled back',
      endedAt: now,
    });
  }
  steps = await deps.stores.changes.steps(change.id);
  if (isComplete(steps)) {
    const moved = await deps.stores.changes.move(change.id, 'roll-back-done', now);
    if (moved.moved) {
      const last = steps.filter((s) => s.back).at(-1);
      await noteChange(deps, change, rolledBackNote(change, last?.output), {
        jobId: changeJobId(change.id, 'rolled-back'),
        outcome: 'rolled back',
        report: rolledBackReport(change),
      });
    }
    await showChange(deps, change.id);
    await tellParent(deps, change, 'rolled-back');
    return { outcome: 'rolled-back' };
  }
  await startRunnable(deps, change, steps);
  await showChange(deps, change.id);
  return { outcome: 'rolling back' };
}
