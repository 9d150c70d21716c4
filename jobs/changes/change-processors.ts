import { UnrecoverableError } from 'bullmq';
import type { BackgroundJobs } from '../../src/background-jobs';
import type { ChangeJobName } from '../../src/change-jobs';
import { decideApproval } from '../../src/domain/approvals';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { type ChangeState, transition } from '../../src/domain/changes/change-state';
import {
  failedGroups,
  failedStep,
  isComplete,
  newJournal,
  runnableSteps,
  type StepRecord,
} from '../../src/domain/changes/journal';
import { asBotError, BotError, ErrorCode } from '../../src/errors';
import type { BackgroundProcessor, BackgroundProcessors, CommandDeps } from '../job-context';
import { ReportedFailure } from '../reported-failure';
import { type ChangeFeature, type ChangeFeatures, StepWaiting } from './change-feature';
import { noteChange, showChange, showChangeSoon, tellClicker } from './change-report';

/** Starts one of the engine's jobs; the ID says what it does, so a repeat adds nothing. */
export function startChangeJob<N extends ChangeJobName>(
  deps: CommandDeps,
  name: N,
  data: BackgroundJobs[N],
  jobId: string,
  opts?: { delayMs?: number },
): Promise<void> {
  return deps.background.start(name, data, jobId.replace(/[^\w.-]/g, '_'), opts);
}

/**
 * The feature that runs a change. A change of a kind this bot does not know (written by another
 * version of the bot) is said in its thread, once, and goes no further until a version that knows
 * it runs or someone aborts it.
 */
async function featureOf(
  deps: CommandDeps,
  features: ChangeFeatures,
  change: ChangeRecord,
): Promise<ChangeFeature> {
  const feature = features.get(change.kind);
  if (feature) return feature;
  const text =
    `:warning: Change ${change.id} is of a kind this version of the bot does not know (\`${change.kind}\`): ` +
    'nothing more runs. Deploy a version of the bot that knows it, or abort the change.';
  // Its message first (it may never have been posted), so the note lands in its thread.
  await showChange(deps, change.id);
  await noteChange(deps, change, text, {
    jobId: `change-${change.id}-unknown-kind`,
    outcome: 'unknown kind',
  });
  throw new ReportedFailure(`change ${change.id} is of unknown kind ${change.kind}`);
}

/** Approve or Reject, by the approval rules: approvers only, never the requester, this plan, in time, once. */
const decide: BackgroundProcessor<'change-decide'> = async (job, deps) => {
  const d = job.data;
  const change = await deps.stores.changes.get(d.id);
  if (!change) {
    await tellClicker(
      deps,
      d.responseUrl,
      'This change is unknown (it may be older than 90 days): nothing was done.',
    );
    return { outcome: 'unknown' };
  }
  const now = deps.clock.now();
  if (change.state === 'approved' && change.approver === d.user) {
    // This click's own decision, recorded by an earlier run of this job that died before going on.
    await startChangeJob(deps, 'change-advance', { id: change.id }, `change-${change.id}-start`);
  }
  if (change.state !== 'awaiting-approval') {
    const by = change.approver ? ` by <@${change.approver}>` : '';
    await tellClicker(
      deps,
      d.responseUrl,
      `This change is already ${change.state}${by}; nothing more to do.`,
    );
    return { outcome: 'already-decided' };
  }
  const outcome = decideApproval({
    request: change,
    decider: d.user,
    deciderIsApprover: d.isApprover,
    presentedPlanHash: d.planHash,
    now,
  });
  if (!outcome.allowed) {
    await tellClicker(deps, d.responseUrl, `:no_entry: ${outcome.message}`);
    await deps.audit.append({
      at: now,
      user: d.user,
      channel: change.channel,
      command: change.title,
      outcome: `change ${d.decision} refused: ${outcome.reason}`,
      detail: `change ${change.id}`,
    });
    if (outcome.reason === 'expired') await expireNow(deps, change);
    return { outcome: outcome.reason };
  }
  const next: ChangeState = d.decision === 'approve' ? 'approved' : 'rejected';
  const moved = await deps.stores.changes.move(change.id, ['awaiting-approval'], next, now, d.user);
  if (!moved.moved) {
    await tellClicker(
      deps,
      d.responseUrl,
      `This change is already ${moved.found ?? 'decided'}; nothing more to do.`,
    );
    return { outcome: 'already-decided' };
  }
  await noteChange(
    deps,
    change,
    `${next === 'approved' ? ':white_check_mark: Approved' : ':no_entry_sign: Rejected'} by <@${d.user}>.`,
    {
      user: d.user,
      jobId: `change-${change.id}-decided`,
      outcome: next,
    },
  );
  await showChange(deps, change.id);
  if (next === 'approved')
    await startChangeJob(deps, 'change-advance', { id: change.id }, `change-${change.id}-start`);
  return { outcome: next };
};

async function expireNow(deps: CommandDeps, change: ChangeRecord): Promise<void> {
  const moved = await deps.stores.changes.move(change.id, ['awaiting-approval'], 'expired', deps.clock.now());
  if (!moved.moved) return;
  await noteChange(
    deps,
    change,
    ':hourglass: Nobody decided in time: the change expired and changed nothing.',
    {
      jobId: `change-${change.id}-expired`,
      outcome: 'expired',
    },
  );
  await showChange(deps, change.id);
}

/** At the approval deadline: a change nobody decided expires, its buttons go and its target is free. */
const expire: BackgroundProcessor<'change-expire'> = async (job, deps) => {
  const change = await deps.stores.changes.get(job.data.id);
  if (change?.state !== 'awaiting-approval') return { outcome: 'decided' };
  if (deps.clock.now() < change.expiresAt) return { outcome: 'not yet' };
  await expireNow(deps, change);
  return { outcome: 'expired' };
};

/** Moves an approved change into applying and starts every step that may run now; finishes it when all are. */
function advance(features: ChangeFeatures): BackgroundProcessor<'change-advance'> {
  return (job, deps) => advanceChange(deps, features, job.data.id);
}

async function advanceChange(deps: CommandDeps, features: ChangeFeatures, id: string) {
  let change = await deps.stores.changes.get(id);
  if (!change) return { outcome: 'unknown' };
  await featureOf(deps, features, change);
  if (change.state === 'approved') {
    const moved = await deps.stores.changes.move(change.id, ['approved'], 'applying', deps.clock.now());
    if (moved.moved) {
      await noteChange(deps, change, ':gear: Applying.', {
        jobId: `change-${change.id}-applying`,
        outcome: 'applying',
      });
    }
    change = (await deps.stores.changes.get(change.id)) ?? change;
  }
  if (change.state !== 'applying' && change.state !== 'rolling-back') return { outcome: change.state };
  if (change.state === 'rolling-back') return advanceRollBack(deps, features, change);
  const steps = await deps.stores.changes.steps(change.id);
  const goOn = { continueOnFailure: change.onFailure === 'continue' };
  if (isComplete(steps, goOn)) {
    const moved = await deps.stores.changes.move(change.id, ['applying'], 'done', deps.clock.now());
    const failed = failedGroups(steps);
    const text =
      failed.length === 0
        ? `:white_check_mark: Done: ${change.title}.`
        : `:warning: Done: ${change.title}, but ${failed.length} of the ${change.unit} failed: ${failed.map((f) => f.group).join(', ')}. Each failure is in this thread.`;
    if (moved.moved) {
      await noteChange(deps, change, text, {
        jobId: `change-${change.id}-done`,
        outcome: 'done',
      });
    }
    await showChange(deps, change.id);
    return { outcome: 'done' };
  }
  // A step seen through during a pause may have failed too: it pauses the change again, said once.
  const failed = goOn.continueOnFailure ? undefined : failedStep(steps);
  if (failed) {
    await pause(deps, change, failed, failed.output ?? 'failed');
    return { outcome: 'paused' };
  }
  await startRunnable(deps, change, steps, goOn);
  await showChangeSoon(deps, change.id);
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
  const wave = change.resumes ? `-r${change.resumes}` : '';
  for (const step of runnableSteps(steps, change.maxParallel, goOn)) {
    await startChangeJob(
      deps,
      'change-step',
      { id: change.id, key: step.key },
      `change-${change.id}-${step.key}-${step.attempts}${wave}`,
    );
  }
}

/** One step: mark it running, let its executor re-check the world and act, record the result, go on. */
function runStep(features: ChangeFeatures): BackgroundProcessor<'change-step'> {
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
    if (!mayRun) return { outcome: change.state };
    const feature = await featureOf(deps, features, change);
    // An earlier run of this job recorded the step and died before the next move: make that move now.
    if (step.state === 'done' || step.state === 'skipped') {
      await startChangeJob(deps, 'change-advance', { id }, `change-${id}-after-${key}-${step.attempts}`);
      return { outcome: step.state };
    }
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
    if (step.attempts === 1) await showChangeSoon(deps, id);
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
        await startChangeJob(deps, 'change-step', { id, key }, `change-${id}-${key}-${step.attempts}-wait`, {
          delayMs: err.afterMs,
        });
        // The message moves when the progress does, not on every look.
        if (err.progress !== step.output) await showChangeSoon(deps, id);
        return { outcome: 'waiting', output: err.progress };
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

/** `continue` on failure: the step fails, the rest of its group is skipped, the thread hears it once, the others go on. */
async function giveUpGroup(
  deps: CommandDeps,
  change: ChangeRecord,
  step: StepRecord,
  reason: string,
): Promise<void> {
  const now = deps.clock.now();
  if (step.state === 'running') {
    await deps.stores.changes.updateStep(change.id, 'running', {
      ...step,
      state: 'failed',
      output: reason,
      endedAt: now,
    });
  }
  for (const rest of await deps.stores.changes.steps(change.id)) {
    if (rest.group !== step.group || rest.state !== 'pending') continue;
    await deps.stores.changes.updateStep(change.id, 'pending', {
      ...rest,
      state: 'skipped',
      output: `not run: ${step.title} failed`,
      endedAt: now,
    });
  }
  await noteChange(
    deps,
    change,
    `:x: *${step.title}* failed: ${reason}\n${step.group} is given up on; the others go on.`,
    { jobId: `change-${change.id}-gave-up-${step.key}-${step.attempts}`, outcome: 'group failed' },
  );
  await startChangeJob(
    deps,
    'change-advance',
    { id: change.id },
    `change-${change.id}-after-${step.key}-${step.attempts}`,
  );
}

async function pause(
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
  const moved = await deps.stores.changes.move(change.id, ['applying'], 'paused', deps.clock.now());
  // Already paused: a step seen through during the pause failed as well; its words still reach the thread.
  if (moved.moved || moved.found === 'paused') {
    await noteChange(
      deps,
      change,
      `:warning: <@${change.requester}> *${step.title}* failed: ${reason}\nThe change is paused: an approver can retry the step${step.skippable ? ', skip it' : ''} or abort.`,
      { jobId: `change-${change.id}-paused-${step.key}-${step.attempts}`, outcome: 'paused' },
    );
  }
  await showChange(deps, change.id);
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
    const moved = await deps.stores.changes.move(change.id, ['rolling-back'], 'rolled-back', now);
    if (moved.moved) {
      const last = steps.filter((s) => s.back).at(-1);
      await noteChange(
        deps,
        change,
        `:leftwards_arrow_with_hook: Rolled back: ${change.title}.${last?.output ? ` ${capitalised(last.output)}.` : ''}`,
        { jobId: `change-${change.id}-rolled-back`, outcome: 'rolled back' },
      );
    }
    await showChange(deps, change.id);
    return { outcome: 'rolled-back' };
  }
  await startRunnable(deps, change, steps);
  await showChange(deps, change.id);
  return { outcome: 'rolling back' };
}

const capitalised = (s: string) => `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;

/** A roll-back step that failed (`pause` recorded it) ends the change as failed, said once in its thread. */
async function rollBackFailed(deps: CommandDeps, change: ChangeRecord, step: StepRecord, reason: string) {
  await deps.stores.changes.move(change.id, ['rolling-back'], 'failed', deps.clock.now());
  await noteChange(
    deps,
    change,
    `:x: <@${change.requester}> the roll-back stopped: *${step.title}* failed: ${reason}\nNothing more runs; see the change for where each node is.`,
    { jobId: `change-${change.id}-rollback-failed-${step.key}`, outcome: 'failed' },
  );
  await showChange(deps, change.id);
}

/** Retry, Skip, Abort (and Roll back where a feature has one): approvers only, valid in the change's state. */
function act(features: ChangeFeatures): BackgroundProcessor<'change-act'> {
  return async (job, deps) => {
    const d = job.data;
    if (!d.isApprover) {
      await tellClicker(
        deps,
        d.responseUrl,
        ':no_entry: Only people with the approver role can do that: ask an approver.',
      );
      return { outcome: 'not-approver' };
    }
    const change = await deps.stores.changes.get(d.id);
    if (!change) {
      await tellClicker(deps, d.responseUrl, 'This change is unknown: nothing was done.');
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
          `change-${change.id}-${d.action}-${step.key}-${step.attempts}`,
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
        await tellClicker(
          deps,
          d.responseUrl,
          'The step you saw is no longer the failed one: look at the change again.',
        );
        return { outcome: 'stale' };
      }
      if (d.action === 'skip' && !failed.skippable) {
        await tellClicker(
          deps,
          d.responseUrl,
          `*${failed.title}* cannot be skipped: retry it or abort the change.`,
        );
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
      await deps.stores.changes.move(change.id, ['paused'], 'applying', now);
      await noteChange(
        deps,
        change,
        `${d.action === 'retry' ? ':repeat: Retrying' : ':fast_forward: Skipped'} *${failed.title}*${d.action === 'skip' && failed.skipsGroup ? ` and the rest of ${failed.group}, left as it is` : ''} (<@${d.user}>).`,
        {
          user: d.user,
          jobId: `change-${change.id}-${d.action}-${failed.key}-${failed.attempts}`,
          outcome: d.action,
        },
      );
      await startChangeJob(
        deps,
        'change-advance',
        { id: change.id },
        `change-${change.id}-${d.action}-${failed.key}-${failed.attempts}`,
      );
      return { outcome: d.action };
    }
    if (d.action === 'abort') {
      const moved = await deps.stores.changes.move(
        change.id,
        ['approved', 'applying', 'paused', 'rolling-back'],
        'aborted',
        now,
      );
      // A change of an unknown kind can still be aborted: it just cannot say what it leaves.
      const feature = features.get(change.kind);
      const plan = feature ? feature.planner.parse(change.plan) : undefined;
      if (!moved.moved) {
        // This job died after the move: what the feature lets go of is let go now (idempotent).
        if (moved.found === 'aborted' && feature?.onAbort) await feature.onAbort(deps, change, plan, steps);
        await tellClicker(
          deps,
          d.responseUrl,
          `This change is already ${moved.found ?? 'over'}; nothing more to do.`,
        );
        return { outcome: 'refused' };
      }
      const left = feature?.leftAfterAbort?.(change, plan, steps);
      const released = feature?.onAbort ? await feature.onAbort(deps, change, plan, steps) : '';
      await noteChange(
        deps,
        change,
        `:octagonal_sign: Aborted by <@${d.user}>: no further step runs.${left ? ` ${left}` : ''}${released ? `\n${released}` : ''}`,
        {
          user: d.user,
          jobId: `change-${change.id}-aborted`,
          outcome: 'aborted',
        },
      );
      await showChange(deps, change.id);
      return { outcome: 'aborted' };
    }
    const feature = features.get(change.kind);
    if (d.action === 'roll-back' && change.canRollBack && feature?.rollBack) {
      const moved = await deps.stores.changes.move(change.id, ['applying', 'paused'], 'rolling-back', now);
      if (!moved.moved) {
        await tellClicker(
          deps,
          d.responseUrl,
          `This change is already ${moved.found ?? 'over'}; nothing more to do.`,
        );
        return { outcome: 'refused' };
      }
      await noteChange(
        deps,
        change,
        `:rewind: Rolling back, by <@${d.user}>: no new node starts; the nodes already touched go back the way they came, the last one first.`,
        { user: d.user, jobId: `change-${change.id}-rolling-back`, outcome: 'rolling back' },
      );
      await startChangeJob(deps, 'change-advance', { id: change.id }, `change-${change.id}-roll-back`);
      return { outcome: 'rolling-back' };
    }
    await tellClicker(deps, d.responseUrl, 'This change cannot be rolled back: abort it instead.');
    return { outcome: 'refused' };
  };
}

/** The engine's jobs, by name; the features it runs come from the composition root. */
export function changeProcessors(features: ChangeFeatures): Pick<BackgroundProcessors, ChangeJobName> {
  return {
    'change-decide': decide,
    'change-act': act(features),
    'change-advance': advance(features),
    'change-step': runStep(features),
    'change-expire': expire,
    'change-show': async (job, deps) => ({
      outcome: (await showChange(deps, job.data.id)) ? 'shown' : 'unknown',
    }),
  };
}
