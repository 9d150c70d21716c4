import { UnrecoverableError } from 'bullmq';
import type { StepRecord } from '../../src/domain/changes/journal';
import { asBotError, BotError, ErrorCode } from '../../src/errors';
import type { BackgroundProcessor } from '../job-context';
import { ReportedFailure } from '../reported-failure';
import { advanceChange } from './change-advance';
import { type ChangeFeatures, StepLeavesGroup, StepWaiting } from './change-feature';
import { showChangeSoon } from './change-report';
import { changeJobId, startChangeJob } from './engine';
import { featureOf } from './feature-of-change';
import { giveUpGroup, leaveGroup, pause } from './step-failure';

/** One step: mark it running, let its executor re-check the world and act, record the result, go on. */
export function runStep(features: ChangeFeatures): BackgroundProcessor<'change-step'> {
  return async (job, deps) => {
    const { id, key } = job.data;
    const change = await deps.stores.changes.get(id);
    if (!change) return { outcome: 'unknown' };
    const journal = await deps.stores.changes.steps(id);
    let step = journal.find((s) => s.key === key);
    if (!step) throw new UnrecoverableError(`change ${id} has no step ${key}`);
    // A pause starts nothing new, but a step under way (a node mid-upgrade) is seen through.
    const underWay =
      (change.state === 'paused' || change.state === 'rolling-back') && step.state === 'running';
    const mayRun =
      change.state === 'applying' || (change.state === 'rolling-back' && step.back === true) || underWay;
    // An earlier run of this job recorded the step and died before the next move (or before saying
    // the change is done): make that move now.
    if ((mayRun || change.state === 'done') && (step.state === 'done' || step.state === 'skipped')) {
      await startChangeJob(deps, 'change-advance', { id }, changeJobId(id, 'after', key, step.attempts));
      return { outcome: step.state };
    }
    if (!mayRun) return { outcome: change.state };
    const feature = await featureOf(deps, features, change);
    if (step.state === 'failed') {
      await pause(deps, change, step, step.output ?? 'failed');
      return { outcome: step.state };
    }
    const now = deps.clock.now();
    // A step already running was started by a worker that died or by an earlier try of this job:
    // it runs again, and its executor finds what the first run already did.
    const running: StepRecord = {
      ...step,
      state: 'running',
      attempts: step.attempts + 1,
      startedAt: step.startedAt ?? now,
    };
    if (!(await deps.stores.changes.updateStep(id, step.state, running))) return { outcome: 'taken' };
    step = running;
    if (step.attempts === 1) await showChangeSoon(deps, change);
    const executor = feature.executors[step.action];
    let output: string;
    try {
      if (!executor) {
        throw new BotError(
          ErrorCode.Internal,
          `No executor for steps of type ${step.action}: this bot version cannot run it.`,
        );
      }
      const plan = feature.planner.parse(change.plan);
      output = await executor.run({ deps, change, plan, step, journal });
      await deps.stores.changes.updateStep(id, 'running', {
        ...step,
        state: 'done',
        output,
        endedAt: deps.clock.now(),
      });
      await deps.stores.changes.addEvent(id, { at: deps.clock.now(), text: `${step.title}: ${output}` });
    } catch (err) {
      if (err instanceof StepWaiting) {
        await deps.stores.changes.updateStep(id, 'running', { ...step, output: err.progress });
        await startChangeJob(deps, 'change-step', { id, key }, changeJobId(id, key, step.attempts, 'wait'), {
          delayMs: err.afterMs,
        });
        // The message moves when the progress does, not on every look.
        if (err.progress !== step.output) await showChangeSoon(deps, change);
        return { outcome: 'waiting', output: err.progress };
      }
      if (err instanceof StepLeavesGroup) {
        await leaveGroup(deps, change, step, err.reason);
        return { outcome: 'skipped', output: err.reason };
      }
      const e = asBotError(err);
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.log.warn(
        { change: id, step: key, code: e.code, retryable: e.retryable, err: e.message },
        'change step failed',
      );
      if (e.retryable && !lastTry) throw e;
      if (change.onFailure === 'continue') {
        await giveUpGroup(deps, change, step, e.userMessage);
        throw new ReportedFailure(e.message);
      }
      await pause(
        deps,
        change,
        step,
        e.userMessage + (e.retryable ? ` (gave up after ${job.attemptsMade + 1} tries)` : ''),
      );
      throw new ReportedFailure(e.message);
    }
    // The next steps start from here, not from another job: one hop less between the steps of a
    // node. A worker dying here leaves this job to be run again, which finds the step done and goes on.
    await advanceChange(deps, features, id);
    return { outcome: 'done', output };
  };
}
