import {
  type ClusterStatus,
  clusterStatusMessage,
  fleetStatusMessage,
} from '../../src/blocks/monitoring/status-message';
import type { ClusterConfig } from '../../src/config/schema';
import { evaluateAvailability } from '../../src/domain/availability';
import { replyTo } from '../../src/ports';
import { factsOrUnreachable } from '../cluster/cluster-facts';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { settledPoolDrift } from '../pools/pool-drift-facts';

/** Reads clusters a few at a time, so a large fleet does not open hundreds of connections at once. */
export async function clusterStatuses(
  clusters: readonly ClusterConfig[],
  deps: Pick<CommandDeps, 'cloud' | 'stores'>,
  concurrency = 8,
): Promise<ClusterStatus[]> {
  const out: ClusterStatus[] = new Array(clusters.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < clusters.length; i = next++) {
      const cluster = clusters[i] as ClusterConfig;
      const facts = await factsOrUnreachable(cluster, deps);
      if ('unreachable' in facts) {
        out[i] = facts;
        continue;
      }
      const poolDrift = await settledPoolDrift(deps, cluster.name, facts.nodes);
      out[i] = {
        cluster: cluster.name,
        availability: evaluateAvailability(facts),
        ...(poolDrift.length > 0 ? { poolDrift } : {}),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clusters.length) }, worker));
  return out;
}

/** `/hybrid status [cluster] [--details]`: availability of one cluster, or one line per cluster. */
export function statusCommand(): CommandProcessor<'status'> {
  return async (job, deps) => {
    const name = job.data.positionals.cluster;
    const now = deps.clock.now();
    if (name === undefined) {
      const rows = await clusterStatuses(deps.config.clusters, deps);
      await deps.outbox.send(replyTo(job.data.request, fleetStatusMessage(rows, now)), {
        jobId: `reply-${job.id}`,
      });
      return { clusters: rows.length };
    }
    const cluster = clusterConfig(deps, name);
    const [row] = await clusterStatuses([cluster], deps);
    const details = job.data.options.details === true;
    await deps.outbox.send(
      replyTo(job.data.request, clusterStatusMessage(row as ClusterStatus, details, now)),
      { jobId: `reply-${job.id}` },
    );
    return { unknown: row !== undefined && 'unreachable' in row };
  };
}
