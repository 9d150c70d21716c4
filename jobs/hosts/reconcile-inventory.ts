import type { BackgroundJobName } from '../../src/background-jobs';
import type { KubeNode } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import {
  TAG_CLUSTER,
  TAG_HOST,
  TAG_MANAGED,
  TAG_REQUESTED_BY,
  TAG_SITE,
  type Tag,
} from '../../src/domain/activation-request';
import { hostNotices, missingSiteLabel } from '../../src/domain/host-nodes';
import { type HostRecord, type ManagedInstanceFacts, reconcileInventory } from '../../src/domain/host-status';
import { clusterInfos } from '../cluster/cluster-info';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { rebuildPools } from '../pools/rebuild-pools';
import { announce, labelHostNode } from './host-notices';

export const RECONCILE_INVENTORY = 'hosts-reconcile' satisfies BackgroundJobName;
const LABEL_CONCURRENCY = 16;

/**
 * Rebuilds one cluster's inventory from SSM (activations and managed instances, by the tags the
 * bot set) and the cluster's hybrid nodes, keeping what only the bot knew (IP, architecture).
 */
export async function reconcileCluster(deps: CommandDeps, cluster: ClusterConfig): Promise<number> {
  const inventory = deps.stores.inventory;
  const { ssm, kube } = deps.cloud.forCluster(cluster);
  // Taken before any input is read: a host written after this (a registration, the watcher)
  // keeps its record, since this reconcile's view of it may predate that write.
  const readAt = await inventory.revision(cluster.name);
  const [existing, activations, instances, nodes] = await Promise.all([
    inventory.list(cluster.name),
    ssm.describeActivations({ iamRole: cluster.hybridNodesRole }),
    ssm.describeInstances({ tags: { [TAG_MANAGED]: 'true', [TAG_CLUSTER]: cluster.name } }),
    kube.listNodes('eks.amazonaws.com/compute-type=hybrid'),
  ]);
  const known = new Map(existing.map((h) => [h.managedInstanceId, h]));
  const managedInstances: ManagedInstanceFacts[] = await Promise.all(
    instances.map(async (i) => {
      const record = known.get(i.instanceId);
      // Tags are read only for instances the inventory does not know yet (one call each).
      const tags: Tag[] = record
        ? [
            { Key: TAG_MANAGED, Value: 'true' },
            { Key: TAG_CLUSTER, Value: cluster.name },
            { Key: TAG_HOST, Value: record.name },
            { Key: TAG_SITE, Value: record.site },
            { Key: TAG_REQUESTED_BY, Value: record.requestedBy ?? '' },
          ]
        : await ssm.listInstanceTags(i.instanceId);
      return {
        instanceId: i.instanceId,
        ...(i.activationId ? { activationId: i.activationId } : {}),
        ...(i.ipAddress ? { ipAddress: i.ipAddress } : {}),
        tags,
      };
    }),
  );
  const rebuilt = reconcileInventory({
    cluster: cluster.name,
    existing,
    activations: activations.map((a) => ({
      activationId: a.activationId,
      expiresAt: a.expiresAt,
      tags: a.tags,
    })),
    managedInstances,
    nodes: nodes.map((n) => ({ name: n.name, ready: n.ready, labels: n.labels })),
    now: deps.clock.now(),
  });
  await inventory.replaceCluster(cluster.name, rebuilt, readAt);
  await followUp(deps, cluster, existing, rebuilt, nodes);
  await rebuildPools(deps, cluster, nodes, rebuilt);
  return rebuilt.length;
}

/**
 * What a reconcile learned first still reaches the channel (once: the watcher may learn it too),
 * and every host's node carries its site label. Only hosts the inventory knew before announce:
 * a rebuild after Redis was wiped finds everything new and stays quiet.
 */
async function followUp(
  deps: CommandDeps,
  cluster: ClusterConfig,
  existing: readonly HostRecord[],
  rebuilt: readonly HostRecord[],
  nodes: readonly KubeNode[],
): Promise<void> {
  const before = new Map(existing.map((h) => [h.name, h]));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const unlabelled: [HostRecord, KubeNode][] = [];
  for (const host of rebuilt) {
    const node = host.node ? byName.get(host.node.name) : undefined;
    const prior = before.get(host.name);
    for (const notice of prior ? hostNotices(prior, host, node) : []) {
      await announce(deps, cluster.channel, host, notice);
    }
    if (node && missingSiteLabel(host, node)) unlabelled.push([host, node]);
  }
  // A few at a time: the first reconcile after an upgrade may find every node unlabelled.
  const { kube } = deps.cloud.forCluster(cluster);
  for (let i = 0; i < unlabelled.length; i += LABEL_CONCURRENCY) {
    const batch = unlabelled.slice(i, i + LABEL_CONCURRENCY);
    const problems = await Promise.all(batch.map(([host, node]) => labelHostNode(kube, host, node)));
    for (const problem of problems) if (problem) deps.log.warn({ cluster: cluster.name }, problem);
  }
}

/** The periodic reconcile: every configured cluster; one failing cluster does not stop the others. */
export const reconcileInventoryJob: BackgroundProcessor<'hosts-reconcile'> = async (_job, deps) => {
  const counts: Record<string, number | string> = {};
  for (const cluster of deps.config.clusters) {
    try {
      counts[cluster.name] = await reconcileCluster(deps, cluster);
      // Keeps the registration form's view of the cluster (networks, version) fresh.
      await clusterInfos(deps, cluster.name);
    } catch (err) {
      counts[cluster.name] = 'failed';
      deps.log.warn({ cluster: cluster.name, err: (err as Error).message }, 'inventory reconcile failed');
    }
  }
  return counts;
};
