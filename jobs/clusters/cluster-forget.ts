import { FINAL_STATES } from '../../src/domain/changes/change-state';
import {
  CLUSTER_FORGET_KIND,
  type ClusterForgetPlan,
  fileClusterRefusal,
  planClusterForget,
} from '../../src/domain/clusters/cluster-forget-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import type { CommandProcessor } from '../job-context';
import { registeredCluster } from './cluster-lookup';

/**
 * `/hybrid cluster forget <name>`: another admin approves, then the bot stops managing the
 * imported cluster and touches nothing. A cluster from the configuration file is refused.
 */
export const clusterForget: CommandProcessor<'cluster forget'> = async (job, deps) => {
  const name = (job.data.positionals.name ?? '').trim();
  const found = registeredCluster(deps, name);
  if (found.source === 'file' || !found.imported) {
    throw new BotError(ErrorCode.Validation, fileClusterRefusal(name));
  }
  // A change under way there would lose its cluster half way.
  const running = (await deps.stores.changes.list(200)).find(
    (c) => c.target.cluster === name && c.kind !== CLUSTER_FORGET_KIND && !FINAL_STATES.has(c.state),
  );
  if (running) {
    throw new BotError(
      ErrorCode.Conflict,
      `Change ${running.id} (${running.title}) is ${running.state} on cluster \`${name}\`: let it end, or abort it, before forgetting the cluster.`,
    );
  }
  const pools = (await deps.stores.pools.list()).filter((p) => p.cluster === name).map((p) => p.name);
  const hosts = (await deps.stores.inventory.list(name)).filter((h) => !h.deregistered).length;
  const group = (await deps.stores.alerts.read(name)).group;
  const plan: ClusterForgetPlan = {
    cluster: found.cluster,
    importedBy: found.imported.importedBy,
    importedAt: found.imported.importedAt,
    pools: pools.sort(),
    hosts,
    firingAlerts: group?.messageTs ? Object.keys(group.alerts).length : 0,
  };
  return proposeCommandChange(deps, job.data.request, found.cluster, planClusterForget(plan));
};
