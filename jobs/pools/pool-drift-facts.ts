import type { PoolRecord } from '../../src/adapters/redis/pool-store';
import type { ChangeTarget } from '../../src/domain/changes/planner';
import type { NodeFacts } from '../../src/domain/facts';
import type { HostRecord } from '../../src/domain/host-status';
import { type PoolDriftSummary, poolDriftSummaries } from '../../src/domain/pools/pool-view';
import type { CommandDeps } from '../job-context';
import { readPoolViews } from './pool-views';

/** Whether a change holds the target and is moving it (approved, applying, or paused half way). */
export async function changeUnderWay(
  deps: Pick<CommandDeps, 'stores'>,
  target: ChangeTarget,
): Promise<boolean> {
  const lock = await deps.stores.changes.lockOf(target);
  const holder = lock ? await deps.stores.changes.get(lock.changeId) : undefined;
  return holder !== undefined && ['approved', 'applying', 'paused'].includes(holder.state);
}

/**
 * The pools of a cluster that drift from what they want, for status, the Home tab and the monitor.
 * A pool a change is moving differs by design (nodes joining, labels being patched) and the change
 * reports it: it is left out until the change ends. So is a pool one of whose hosts a change is
 * taking away (`host deregister`: its node goes before the host leaves the pool).
 */
export async function settledPoolDrift(
  deps: Pick<CommandDeps, 'stores'>,
  cluster: string,
  nodes: readonly NodeFacts[],
  read?: { pools: readonly PoolRecord[]; hosts: readonly HostRecord[] },
): Promise<PoolDriftSummary[]> {
  const views = await readPoolViews(deps, cluster, nodes, read?.pools, undefined, read?.hosts);
  const moving = await Promise.all(
    views.map(async (v) => {
      if (await changeUnderWay(deps, { cluster, kind: 'pool', name: v.name })) return true;
      const hosts = await Promise.all(
        v.members.map((m) => changeUnderWay(deps, { cluster, kind: 'host', name: m.host })),
      );
      return hosts.some(Boolean);
    }),
  );
  return poolDriftSummaries(views.filter((_, i) => !moving[i]));
}
