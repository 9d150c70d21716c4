import type { BackgroundJobs } from '../../src/background-jobs';
import type { ChangeJobName } from '../../src/change-jobs';
import type { ChangeRecord } from '../../src/domain/changes/change';
import type { CommandDeps } from '../job-context';

/**
 * What a feature may ask of the change engine, beside registering its `ChangeFeature`: the engine's
 * jobs are started here and their IDs follow one convention, so a repeat adds nothing.
 */

/** The ID of a job (or thread note) about change `id`: `change-<id>-<parts…>`. */
export function changeJobId(id: string, ...parts: Array<string | number>): string {
  return [`change-${id}`, ...parts].join('-');
}

/**
 * The requester's note that the target is held: sent before any change exists, so it is named by
 * the Slack request. Older than `changeJobId`'s shape and kept as it is, since queued notes use it.
 */
export function lockedNoteId(requestKey: string): string {
  return `change-locked-${requestKey}`.replace(/:/g, '-');
}

/** The requester's note that change `id` asks for approval (shape kept: queued notes use it). */
export function askedNoteId(id: string): string {
  return `change-ack-${id}`;
}

/**
 * Starts one of the engine's jobs; the ID says what it does, so a repeat adds nothing. A step's job
 * starts a trace of its own (its spans link to the change's start): one approval of a large fleet
 * would otherwise make one enormous trace.
 */
export function startChangeJob<N extends ChangeJobName>(
  deps: CommandDeps,
  name: N,
  data: BackgroundJobs[N],
  jobId: string,
  opts?: { delayMs?: number },
): Promise<void> {
  return deps.background.start(name, data, jobId.replace(/[^\w.-]/g, '_'), {
    ...opts,
    ...(name === 'change-step' ? { ownTrace: true } : {}),
  });
}

/** A proposed change expires after `delayMs` unless someone decides first. */
export function scheduleChangeExpiry(deps: CommandDeps, id: string, delayMs: number): Promise<void> {
  return startChangeJob(deps, 'change-expire', { id }, changeJobId(id, 'expire'), { delayMs });
}

/**
 * A step waiting on the world looks again now rather than at its next poll (a person said the host
 * is done); `clickId` makes each ask its own job.
 */
export function checkStepNow(deps: CommandDeps, id: string, key: string, clickId: string): Promise<void> {
  return startChangeJob(deps, 'change-step', { id, key }, changeJobId(id, key, 'done', clickId));
}

/**
 * A change started by another (a fleet's pool) tells it that it ended or paused: the parent's
 * waiting step looks now rather than at its next poll. Keyed by what happened, so said once.
 */
export async function tellParent(
  deps: CommandDeps,
  change: Pick<ChangeRecord, 'id' | 'parent' | 'resumes'>,
  what: string,
): Promise<void> {
  if (!change.parent) return;
  await checkStepNow(
    deps,
    change.parent.id,
    change.parent.step,
    `child-${change.id}-${what}-${change.resumes ?? 0}`,
  );
}
