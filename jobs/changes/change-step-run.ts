import { type Job, UnrecoverableError } from 'bullmq';
import { inStepSpan } from '../../src/adapters/tracing/change-trace';
import type { BackgroundJobs } from '../../src/background-jobs';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { runnableSteps, type StepRecord } from '../../src/domain/changes/journal';
import { LATE_JOB_MS } from '../../src/domain/changes/next-look';
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
 * and runs it too; when its group is through, it takes on the first step of the next group that may
 * start: a change's steps follow each other without a trip through the queue. A wait shorter than a
 * delayed job can be timed is waited here too (see waitsHere).
 */
export function runStep(features: ChangeFeatures): BackgroundProcessor<'change-step'> {
  return async (job, deps) => {
    let key = job.data.key;
    let journal: readonly StepRecord[] | undefined;
    for (;;) {
      const [change, read] = await Promise.all([
        deps.stores.changes.get(job.data.id),
        journal ?? deps.stores.changes.steps(job.data.id),
      ]);
      if (!change) return { outcome: 'unknown' };
      const r = await inStepSpan(
        change,
        key,
        () => runOne(features, job, deps, change, key, read),
        (one) => one.ran.outcome,
      );
      if (r.again !== undefined) {
        await sleepHere(r.again);
        journal = undefined;
        continue;
      }
      if (!r.next) return r.ran;
      key = r.next;
      journal = r.journal;
    }
  };
}

/**
 * BullMQ's delayed jobs wake through Redis's blocking timeout, which Redis checks about every 100 ms
 * (its `hz` of 10): a look due in 10 ms comes up to 100 ms late. A step waiting less than that
 * waits in its own job instead, while few others do (each holds a worker meanwhile); a worker dying
 * meanwhile leaves the job to be run again, as during any step.
 */
export const WAIT_HERE_MS = LATE_JOB_MS;
// Half the background worker's concurrency (app/workers.ts): the other half stays free for the rest.
const WAITING_HERE_MAX = 8;
let waitingHere = 0;

function waitsHere(afterMs: number): boolean {
  return afterMs <= WAIT_HERE_MS && waitingHere < WAITING_HERE_MAX;
}

/**
 * Sleeps to the next multiple of `ms` on the clock: steps looking that often look at the same
 * moments, so one look at their commands can serve them all (see command-looks.ts).
 */
async function sleepHere(ms: number): Promise<void> {
  waitingHere += 1;
  try {
    await new Promise((r) => setTimeout(r, ms - (Date.now() % ms)));
  } finally {
    waitingHere -= 1;
  }
}

/** What a run of one step led to: the step this job takes on next, or a short wait before looking again. */
interface OneRun {
  ran: Ran;
  next?: string;
  /** The journal as the next step's run begins, when this run just wrote it (no need to read it again). */
  journal?: readonly StepRecord[];
  /** Look at this step again after this many milliseconds, in this job. */
  again?: number;
}

async function runOne(
  features: ChangeFeatures,
  job: StepJob,
  deps: CommandDeps,
  change: ChangeRecord,
  key: string,
  journal: readonly StepRecord[],
): Promise<OneRun> {
  const { id } = job.data;
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
  // Started for a step that was pending, which a job freed by another node has taken on since: that
  // job runs it (and runs it again if its worker dies).
  if (job.data.forPending && step.state === 'running' && step.takenBy && step.takenBy !== job.id) {
    return { ran: { outcome: 'taken' } };
  }
  const feature = await featureOf(deps, features, change);
  if (step.state === 'failed') {
    await pause(deps, change, step, step.output ?? 'failed');
    return { ran: { outcome: step.state } };
  }
  const now = deps.clock.now();
  // A step already running was started by a worker that died, by an earlier try of this job, or
  // taken on by this job after the step before it: it runs again, and its executor finds what the
  // first run already did.
  // The job running the step now is the one that holds it (a Retry's step may still name the job of
  // its last try): a job queued for it as pending, coming later, leaves it to this one.
  const { takenBy: _before, ...untaken } = step;
  const running: StepRecord = {
    ...untaken,
    state: 'running',
    attempts: step.attempts + 1,
    startedAt: step.startedAt ?? now,
    ...(job.id ? { takenBy: job.id } : {}),
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
      const moved = err.progress !== step.output;
      const ran = { outcome: 'waiting', output: err.progress };
      if (moved) await deps.stores.changes.updateStep(id, 'running', { ...step, output: err.progress });
      if (waitsHere(err.afterMs)) {
        if (moved) await showChangeSoon(deps, change);
        return { ran, again: err.afterMs };
      }
      await startChangeJob(deps, 'change-step', { id, key }, changeJobId(id, key, step.attempts, 'wait'), {
        delayMs: err.afterMs,
      });
      // The message moves when the progress does, not on every look.
      if (moved) await showChangeSoon(deps, change);
      return { ran };
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
  const after = (await deps.stores.changes.steps(id)).map((s) => (s.key === done.key ? done : s));
  const next = nextInGroup(change, after, done);
  const taking: StepRecord | undefined = next && {
    ...next,
    state: 'running',
    startedAt: deps.clock.now(),
    ...(job.id ? { takenBy: job.id } : {}),
  };
  const settled = await deps.stores.changes.settleStep(id, done, taking);
  if (settled === 'not-running') return { ran: { outcome: 'taken' } };
  timer.done();
  await deps.stores.changes.addEvent(id, { at: deps.clock.now(), text: `${step.title}: ${output}` });
  const ran = { outcome: 'done', output };
  // The node goes on in this job; no other step can start because of it (its group is still under
  // way), so there is nothing to advance.
  if (settled === 'done-and-next' && taking) {
    return { ran, next: taking.key, journal: after.map((s) => (s.key === taking.key ? taking : s)) };
  }
  // The other steps that may start now start from here, the first of them in this job. A worker
  // dying here leaves this job to be run again, which finds the step done and goes on.
  const taken = await advanceChange(deps, features, id, job.id);
  return taken.took ? { ran, next: taken.took } : { ran };
}

/**
 * The step of `done`'s group that may start once `done` is, by runnableSteps' rules (a group's
 * bookkeeping, the limits on groups under way, a failure elsewhere), as the journal reads now: the
 * store takes it for this job only if the change still runs that way.
 */
function nextInGroup(
  change: ChangeRecord,
  steps: readonly StepRecord[],
  done: StepRecord,
): StepRecord | undefined {
  return runnableSteps(steps, change.maxParallel, {
    continueOnFailure: change.onFailure === 'continue',
  }).find((s) => s.group === done.group);
}
