import { type Job, UnrecoverableError } from 'bullmq';
import { inStepSpan } from '../../src/adapters/tracing/change-trace';
import type { BackgroundJobs } from '../../src/background-jobs';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { runnableSteps, type StepRecord } from '../../src/domain/changes/journal';
import { asBotError, BotError, ErrorCode } from '../../src/errors';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { ReportedFailure } from '../reported-failure';
import { advanceChange } from './change-advance';
import { type ChangeFeatures, StepLeavesGroup, StepWaiting } from './change-feature';
import { showChangeSoon } from './change-report';
import { changeJobId, startChangeJob } from './engine';
import { featureOf } from './feature-of-change';
import { giveUpGroup, leaveGroup, pause } from './step-failure';
import { stepTimer } from './step-metrics';

type StepJob = Job<BackgroundJobs['change-step']>;
type Ran = { outcome: string; output?: string };

/**
 * One step: mark it running, let its executor re-check the world and act, record the result, go on.
 * When the step ends and the next step of its group (the same node) may start, this job takes it on
 * and runs it too: a node's steps follow each other without a trip through the queue.
 */
export function runStep(features: ChangeFeatures): BackgroundProcessor<'change-step'> {
  return async (job, deps) => {
    let key = job.data.key;
    for (;;) {
      const change = await deps.stores.changes.get(job.data.id);
      if (!change) return { outcome: 'unknown' };
      const { ran, next } = await inStepSpan(
        change,
        key,
        () => runOne(features, job, deps, change, key),
        (r) => r.ran.outcome,
      );
      if (!next) return ran;
      key = next;
    }
  };
}

async function runOne(
  features: ChangeFeatures,
  job: StepJob,
  deps: CommandDeps,
  change: ChangeRecord,
  key: string,
): Promise<{ ran: Ran; next?: string }> {
  const { id } = job.data;
  const journal = await deps.stores.changes.steps(id);
  let step = journal.find((s) => s.key === key);
  if (!step) throw new UnrecoverableError(`change ${id} has no step ${key}`);
  // A pause starts nothing new, but a step under way (a node mid-upgrade) is seen through.
  const underWay = (change.state === 'paused' || change.state === 'rolling-back') && step.state === 'running';
  const mayRun =
    change.state === 'applying' || (change.state === 'rolling-back' && step.back === true) || underWay;
  // An earlier run of this job recorded the step and died before the next move (or before saying
  // the change is done): make that move now, and run again the step it had taken on after this one.
  if (step.state === 'done' || step.state === 'skipped') {
    const goesOn = mayRun || change.state === 'done';
    if (goesOn) {
      await startChangeJob(deps, 'change-advance', { id }, changeJobId(id, 'after', key, step.attempts));
    }
    // Seen through even in a pause, as any step under way is: no other job would.
    const taken = job.id ? journal.find((s) => s.takenBy === job.id && s.state === 'running') : undefined;
    const ran = { outcome: goesOn ? step.state : change.state };
    return taken ? { ran, next: taken.key } : { ran };
  }
  if (!mayRun) return { ran: { outcome: change.state } };
  const feature = await featureOf(deps, features, change);
  if (step.state === 'failed') {
    await pause(deps, change, step, step.output ?? 'failed');
    return { ran: { outcome: step.state } };
  }
  const now = deps.clock.now();
  // A step already running was started by a worker that died, by an earlier try of this job, or
  // taken on by this job after the step before it: it runs again, and its executor finds what the
  // first run already did.
  const running: StepRecord = {
    ...step,
    state: 'running',
    attempts: step.attempts + 1,
    startedAt: step.startedAt ?? now,
  };
  if (!(await deps.stores.changes.updateStep(id, step.state, running))) return { ran: { outcome: 'taken' } };
  step = running;
  if (step.attempts === 1) await showChangeSoon(deps, change);
  const executor = feature.executors[step.action];
  const timer = stepTimer(deps, change.kind, step.action);
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
  } catch (err) {
    timer.failed(err, job);
    if (err instanceof StepWaiting) {
      await deps.stores.changes.updateStep(id, 'running', { ...step, output: err.progress });
      await startChangeJob(deps, 'change-step', { id, key }, changeJobId(id, key, step.attempts, 'wait'), {
        delayMs: err.afterMs,
      });
      // The message moves when the progress does, not on every look.
      if (err.progress !== step.output) await showChangeSoon(deps, change);
      return { ran: { outcome: 'waiting', output: err.progress } };
    }
    if (err instanceof StepLeavesGroup) {
      await leaveGroup(deps, change, step, err.reason);
      return { ran: { outcome: 'skipped', output: err.reason } };
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
  const done: StepRecord = { ...step, state: 'done', output, endedAt: deps.clock.now() };
  const next = await nextInGroup(deps, id, done);
  const settled = await deps.stores.changes.settleStep(
    id,
    done,
    next && {
      ...next,
      state: 'running',
      startedAt: deps.clock.now(),
      ...(job.id ? { takenBy: job.id } : {}),
    },
  );
  if (settled === 'not-running') return { ran: { outcome: 'taken' } };
  timer.done();
  await deps.stores.changes.addEvent(id, { at: deps.clock.now(), text: `${step.title}: ${output}` });
  // The other steps that may start now start from here, not from another job. A worker dying here
  // leaves this job to be run again, which finds the step done and goes on.
  await advanceChange(deps, features, id);
  const ran = { outcome: 'done', output };
  return settled === 'done-and-next' && next ? { ran, next: next.key } : { ran };
}

/**
 * The step of `done`'s group that may start once `done` is: taken on by the same job, so long as
 * the change still runs forward (or rolls back, for a roll-back step). A group's bookkeeping and the
 * limits on groups under way are runnableSteps' rules, as for any other step.
 */
async function nextInGroup(deps: CommandDeps, id: string, done: StepRecord): Promise<StepRecord | undefined> {
  const [change, journal] = await Promise.all([deps.stores.changes.get(id), deps.stores.changes.steps(id)]);
  if (!change) return undefined;
  const steps = journal.map((s) => (s.key === done.key ? done : s));
  const next = runnableSteps(steps, change.maxParallel, {
    continueOnFailure: change.onFailure === 'continue',
  }).find((s) => s.group === done.group);
  if (!next) return undefined;
  const mayRun = change.state === 'applying' || (change.state === 'rolling-back' && next.back === true);
  return mayRun ? next : undefined;
}
