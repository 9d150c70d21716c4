import {
  APPROVERS_ONLY,
  alreadyOver,
  CANNOT_ROLL_BACK,
  cannotSkip,
  STALE_STEP,
  UNKNOWN_CHANGE,
} from '../../src/blocks/changes/change-clicker-answers';
import { abortedReport } from '../../src/blocks/changes/change-report-notes';
import { abortedNote, resumedNote, rollingBackNote } from '../../src/blocks/changes/change-thread-notes';
import { transition } from '../../src/domain/changes/change-state';
import type { StepRecord } from '../../src/domain/changes/journal';
import type { BackgroundProcessor } from '../job-context';
import type { ChangeFeatures } from './change-feature';
import { noteChange, showChange, tellClicker } from './change-report';
import { changeJobId, startChangeJob, tellParent } from './engine';

/** Retry, Skip, Abort (and Roll back where a feature has one): approvers only, valid in the change's state. */
export function act(features: ChangeFeatures): BackgroundProcessor<'change-act'> {
  return async (job, deps) => {
    const d = job.data;
    if (!d.isApprover) {
      await tellClicker(deps, d.responseUrl, APPROVERS_ONLY);
      return { outcome: 'not-approver' };
    }
    const change = await deps.stores.changes.get(d.id);
    if (!change) {
      await tellClicker(deps, d.responseUrl, UNKNOWN_CHANGE);
      return { outcome: 'unknown' };
    }
    if ((d.action === 'retry' || d.action === 'skip') && change.state === 'applying' && d.step) {
      const step = (await deps.stores.changes.steps(change.id)).find((s) => s.key === d.step);
      if (step && step.state !== 'failed') {
        // Recorded by an earlier run of this job that died before going on (or by another click).
        await startChangeJob(
          deps,
          'change-advance',
          { id: change.id },
          changeJobId(change.id, d.action, step.key, step.attempts),
        );
        return { outcome: 'resumed' };
      }
    }
    const allowed = transition(change.state, d.action);
    if (!allowed.ok) {
      await tellClicker(deps, d.responseUrl, allowed.message);
      return { outcome: 'refused' };
    }
    const steps = await deps.stores.changes.steps(change.id);
    const failed = steps.find((s) => s.state === 'failed');
    const now = deps.clock.now();
    if (d.action === 'retry' || d.action === 'skip') {
      if (!failed || (d.step && failed.key !== d.step)) {
        await tellClicker(deps, d.responseUrl, STALE_STEP);
        return { outcome: 'stale' };
      }
      if (d.action === 'skip' && !failed.skippable) {
        await tellClicker(deps, d.responseUrl, cannotSkip(failed.title));
        return { outcome: 'refused' };
      }
      const next: StepRecord =
        d.action === 'retry'
          ? {
              ...failed,
              state: 'pending',
              round: (failed.round ?? 0) + 1,
              output: `retrying after: ${failed.output ?? 'failure'}`,
              // A retried wait gets its whole time limit again.
              startedAt: undefined,
            }
          : { ...failed, state: 'skipped', endedAt: now };
      if (!(await deps.stores.changes.updateStep(change.id, 'failed', next))) return { outcome: 'taken' };
      if (d.action === 'skip' && failed.skipsGroup) {
        for (const rest of steps) {
          if (rest.group !== failed.group || rest.state !== 'pending') continue;
          await deps.stores.changes.updateStep(change.id, 'pending', {
            ...rest,
            state: 'skipped',
            output: `skipped with ${failed.title}`,
            endedAt: now,
          });
        }
      }
      await deps.stores.changes.move(change.id, d.action, now);
      const resumeId = changeJobId(change.id, d.action, failed.key, failed.attempts);
      await noteChange(deps, change, resumedNote(d.action, failed, d.user), {
        user: d.user,
        jobId: resumeId,
        outcome: d.action,
      });
      await startChangeJob(deps, 'change-advance', { id: change.id }, resumeId);
      return { outcome: d.action };
    }
    // A change of an unknown kind can still be aborted: it just cannot say what it leaves.
    const feature = features.get(change.kind);
    if (d.action === 'abort') {
      const moved = await deps.stores.changes.move(change.id, 'abort', now);
      const plan = feature ? feature.planner.parse(change.plan) : undefined;
      if (!moved.moved) {
        // This job died after the move: what the feature lets go of is let go now (idempotent).
        if (moved.found === 'aborted' && feature?.onAbort) await feature.onAbort(deps, change, plan, steps);
        await tellClicker(deps, d.responseUrl, alreadyOver(moved.found));
        return { outcome: 'refused' };
      }
      const left = feature?.leftAfterAbort?.(change, plan, steps);
      const released = feature?.onAbort ? await feature.onAbort(deps, change, plan, steps) : '';
      await noteChange(deps, change, abortedNote(d.user, left, released), {
        user: d.user,
        jobId: changeJobId(change.id, 'aborted'),
        outcome: 'aborted',
        report: abortedReport(change, d.user, left),
      });
      await showChange(deps, change.id);
      await tellParent(deps, change, 'aborted');
      return { outcome: 'aborted' };
    }
    if (d.action === 'roll-back' && change.canRollBack && feature?.rollBack) {
      const moved = await deps.stores.changes.move(change.id, 'roll-back', now);
      if (!moved.moved) {
        await tellClicker(deps, d.responseUrl, alreadyOver(moved.found));
        return { outcome: 'refused' };
      }
      await noteChange(deps, change, rollingBackNote(d.user), {
        user: d.user,
        jobId: changeJobId(change.id, 'rolling-back'),
        outcome: 'rolling back',
      });
      await startChangeJob(deps, 'change-advance', { id: change.id }, changeJobId(change.id, 'roll-back'));
      return { outcome: 'rolling-back' };
    }
    await tellClicker(deps, d.responseUrl, CANNOT_ROLL_BACK);
    return { outcome: 'refused' };
  };
}
