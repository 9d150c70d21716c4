import { changeDetailsMessage, changesListMessage } from '../../src/blocks/changes/change-message';
import { CHANGE_STATES, type ChangeState } from '../../src/domain/changes/change-state';
import { progressOf } from '../../src/domain/changes/journal';
import { findCluster } from '../../src/domain/cluster-choice';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import type { CommandProcessor } from '../job-context';

const LIST_LIMIT = 30;

/** `/hybrid changes [--cluster c] [--state s]` */
export const listChanges: CommandProcessor<'changes'> = async (job, deps) => {
  const { cluster, state } = job.data.options;
  if (state && !CHANGE_STATES.includes(state as ChangeState)) {
    throw new BotError(
      ErrorCode.Validation,
      `There is no change state "${state}": use one of ${CHANGE_STATES.join(', ')}.`,
    );
  }
  const found = cluster ? findCluster(deps.config.clusters, cluster) : undefined;
  if (found && !found.ok) throw new BotError(ErrorCode.NotFound, found.message);
  const all = await deps.stores.changes.list(500);
  const wanted = all
    .filter((c) => (!cluster || c.target.cluster === cluster) && (!state || c.state === state))
    .slice(0, LIST_LIMIT);
  const rows = await Promise.all(
    wanted.map(async (change) => ({
      change,
      progress: progressOf(await deps.stores.changes.steps(change.id), change.maxParallel),
    })),
  );
  await deps.outbox.send(
    replyTo(
      job.data.request,
      changesListMessage(rows, { ...(cluster ? { cluster } : {}), ...(state ? { state } : {}) }),
    ),
    { jobId: `reply-${job.id}` },
  );
  return { changes: rows.length };
};

/** `/hybrid change show <id>` */
export const showChangeCommand: CommandProcessor<'change show'> = async (job, deps) => {
  const id = (job.data.positionals.id ?? '').replace(/^#/, '');
  const change = await deps.stores.changes.get(id);
  if (!change) throw new BotError(ErrorCode.NotFound, `There is no change ${id}: see \`/hybrid changes\`.`);
  const [steps, events] = await Promise.all([deps.stores.changes.steps(id), deps.stores.changes.events(id)]);
  await deps.outbox.send(replyTo(job.data.request, changeDetailsMessage(change, steps, events)), {
    jobId: `reply-${job.id}`,
  });
  return { change: id };
};
