import type { PoolRecord } from '../../src/adapters/redis/pool-store';
import type { NodeFacts } from '../../src/domain/facts';
import type { HostRecord } from '../../src/domain/host-status';
import { type PoolView, poolView, taintText } from '../../src/domain/pools/pool-view';
import type { CommandDeps } from '../job-context';

/**
 * Each pool of a cluster read against the cluster's nodes: members and their nodes, Ready counts,
 * drift, and whether its profile has a newer version a rollout would accept on that control plane. `nodes` are read by the caller (the monitor
 * and status already hold them), so a reading costs no extra Kubernetes call; so may be the pools and
 * the cluster's inventory (the monitor reads them once per evaluation).
 */
export async function readPoolViews(
  deps: Pick<CommandDeps, 'stores'>,
  cluster: string,
  nodes: readonly NodeFacts[],
  only?: readonly PoolRecord[],
  controlPlaneVersion?: string,
  inventory?: readonly HostRecord[],
): Promise<PoolView[]> {
  const pools = only ?? (await deps.stores.pools.list(cluster));
  if (pools.length === 0) return [];
  const hosts = inventory ?? (await deps.stores.inventory.list(cluster));
  // A host's node: as the inventory knows it, else the node named as nodeadm names it (the managed
  // instance for SSM, the host itself for IAM Roles Anywhere), when the cluster has such a node.
  const present = new Set(nodes.map((n) => n.name));
  const hostNodes = Object.fromEntries(
    hosts.map((h) => [
      h.name,
      h.node?.name ?? [h.managedInstanceId, h.name].find((n) => n && present.has(n)),
    ]),
  );
  const viewNodes = nodes.map((n) => ({
    name: n.name,
    labels: n.labels,
    taints: (n.taints ?? []).map(taintText),
    kubeletVersion: n.kubeletVersion,
    ready: n.ready,
  }));
  return Promise.all(
    pools.map(async (pool) => {
      const [stored, versions, lastChanges] = await Promise.all([
        deps.stores.profiles.get(pool.profile.name, pool.profile.version),
        deps.stores.profiles.versions(pool.profile.name),
        deps.stores.pools.memberChanges(cluster, pool.name),
      ]);
      return poolView({
        pool,
        kubernetesVersion: stored?.profile.spec.kubernetes.version,
        profileVersions: versions.map((v) => ({
          version: v.version,
          kubernetesVersion: v.profile.spec.kubernetes.version,
        })),
        ...(controlPlaneVersion ? { controlPlaneVersion } : {}),
        hostNodes,
        nodes: viewNodes,
        lastChanges,
      });
    }),
  );
}
