import type { PoolRecord } from '../../src/adapters/redis/pool-store';
import { poolShowMessage } from '../../src/blocks/pools/pool-show-message';
import { type ClusterPools, poolsListMessage } from '../../src/blocks/pools/pools-list-message';
import type { ClusterConfig } from '../../src/config/schema';
import type { NodeFacts } from '../../src/domain/facts';
import { BotError } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { clusterConfig, controlPlaneVersion } from '../cluster/cluster-info';
import { poolAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { readPoolViews } from './pool-views';

/** The cluster's nodes, or why they could not be read: the pools are still shown from the bot's records. */
async function nodesOrWhy(
  deps: Pick<CommandDeps, 'cloud'>,
  cluster: ClusterConfig,
): Promise<{ nodes: NodeFacts[] } | { unreachable: string }> {
  try {
    return { nodes: await deps.cloud.forCluster(cluster).kube.listNodes() };
  } catch (err) {
    if (!(err instanceof BotError)) throw err;
    return { unreachable: err.userMessage };
  }
}

async function clusterPools(
  deps: CommandDeps,
  cluster: ClusterConfig,
  only?: PoolRecord[],
): Promise<ClusterPools> {
  const pools = only ?? (await deps.stores.pools.list(cluster.name));
  if (pools.length === 0) return { cluster: cluster.name, pools: [] };
  const [read, controlPlane] = await Promise.all([
    nodesOrWhy(deps, cluster),
    controlPlaneVersion(deps, cluster),
  ]);
  if ('unreachable' in read) {
    // Without nodes, a reading of the records alone: every member shown without its node.
    const views = await readPoolViews(deps, cluster.name, [], pools, controlPlane);
    return {
      cluster: cluster.name,
      unreachable: read.unreachable,
      pools: views.map((v) => ({ ...v, drift: [], nodesReady: 0, nodesTotal: 0 })),
    };
  }
  return {
    cluster: cluster.name,
    pools: await readPoolViews(deps, cluster.name, read.nodes, pools, controlPlane),
  };
}

/** `/hybrid pools [--cluster c]` */
export const listPools: CommandProcessor<'pools'> = async (job, deps) => {
  const name = job.data.options.cluster;
  const only = typeof name === 'string' ? name : undefined;
  const clusters = only ? [clusterConfig(deps, only)] : deps.config.clusters;
  const rows = await Promise.all(clusters.map((c) => clusterPools(deps, c)));
  await deps.outbox.send(replyTo(job.data.request, poolsListMessage(rows, only)), {
    jobId: `reply-${job.id}`,
  });
  return { pools: rows.reduce((n, r) => n + r.pools.length, 0) };
};

/** `/hybrid pool show <pool> [--cluster c]` */
export const showPool: CommandProcessor<'pool show'> = async (job, deps) => {
  const name = job.data.positionals.pool ?? '';
  const { cluster, pool } = await poolAndCluster(deps, job.data, name);
  const row = await clusterPools(deps, cluster, [pool]);
  const view = row.pools[0];
  if (!view) throw new Error(`pool ${pool.cluster}/${pool.name} was read but not viewed`);
  await deps.outbox.send(replyTo(job.data.request, poolShowMessage(view, pool, row.unreachable)), {
    jobId: `reply-${job.id}`,
  });
  return { pool: `${pool.cluster}/${pool.name}`, drift: view.drift.length };
};
