import { changeDetailsMessage } from '../../src/blocks/changes/change-message';
import { fleetsListMessage } from '../../src/blocks/fleets/fleets-message';
import { progressOf } from '../../src/domain/changes/journal';
import { FLEET_ROLLOUT_KIND } from '../../src/domain/fleets/fleet-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import type { CommandProcessor } from '../job-context';

/** `/hybrid fleets`: the fleet rollouts, newest first, with their pools done. */
export const fleetList: CommandProcessor<'fleets'> = async (job, deps) => {
  const fleets = (await deps.stores.changes.list(500))
    .filter((c) => c.kind === FLEET_ROLLOUT_KIND)
    .slice(0, 30);
  const rows = await Promise.all(
    fleets.map(async (change) => ({
      change,
      progress: progressOf(await deps.stores.changes.steps(change.id), change.maxParallel),
    })),
  );
  await deps.outbox.send(replyTo(job.data.request, fleetsListMessage(rows)), {
    jobId: `reply-${job.id}`,
  });
  return { fleets: rows.length };
};

/** `/hybrid fleet show <id>`: the fleet change in full, every pool's step with its own change. */
export const fleetShow: CommandProcessor<'fleet show'> = async (job, deps) => {
  const id = (job.data.positionals.id ?? '').replace(/^#/, '');
  const change = await deps.stores.changes.get(id);
  if (change?.kind !== FLEET_ROLLOUT_KIND) {
    throw new BotError(ErrorCode.NotFound, `There is no fleet rollout ${id}: see \`/hybrid fleets\`.`);
  }
  const [steps, events] = await Promise.all([deps.stores.changes.steps(id), deps.stores.changes.events(id)]);
  await deps.outbox.send(replyTo(job.data.request, changeDetailsMessage(change, steps, events)), {
    jobId: `reply-${job.id}`,
  });
  return { change: id };
};
