import type { ClusterConfig } from '../../src/config/schema';
import { runDoctor } from '../../src/domain/doctor';
import { factBatches } from '../../src/domain/host-facts/fact-collection';
import { deriveHostStatus, type HostRecord } from '../../src/domain/host-status';
import { hostOsGate } from '../../src/domain/pools/host-os-gate';
import { hostOsOf } from '../../src/domain/pools/host-platform';
import type { CandidateHost } from '../../src/domain/pools/pool-eligibility';
import type { ClusterProfile } from '../../src/domain/profiles/profile';
import { gatherClusterFacts } from '../cluster/cluster-facts';
import type { CommandDeps } from '../job-context';

/** The doctor's checks without which no hybrid node can join. */
const BLOCKING_CHECKS = new Set([
  'hybrid-enabled',
  'remote-networks',
  'authentication-mode',
  'hybrid-access-entry',
]);

export interface ClusterReadiness {
  controlPlaneVersion: string;
  blockingChecks: string[];
  cniMissing?: string;
}

/** What the cluster must offer before a pool can join hosts to it, read now. */
export async function clusterReadiness(deps: CommandDeps, cluster: ClusterConfig): Promise<ClusterReadiness> {
  const facts = await gatherClusterFacts(cluster, deps);
  const failing = runDoctor(facts).filter((c) => c.result === 'fail' && BLOCKING_CHECKS.has(c.id));
  return {
    controlPlaneVersion: facts.cluster.version,
    blockingChecks: failing.map((c) => c.title),
    ...(facts.cni?.installed
      ? {}
      : {
          cniMissing: `Cilium is not installed in ${cluster.name}: hybrid nodes stay NotReady without a CNI.`,
        }),
  };
}

/**
 * A host whose bootstrap ran moments ago may be in SSM before the registration watch has looked:
 * SSM is asked (by the host's activation) before the host is said not to have registered, and
 * what it says is recorded as the watch would.
 */
async function withRegistration(
  deps: CommandDeps,
  cluster: ClusterConfig,
  r: HostRecord,
): Promise<HostRecord> {
  if (r.cluster !== cluster.name || r.auth !== 'ssm' || r.deregistered) return r;
  if (r.managedInstanceId || r.leftPool || !r.activationId) return r;
  const { ssm } = deps.cloud.forCluster(cluster);
  const [instance] = await ssm.describeInstances({ activationIds: [r.activationId] });
  if (!instance) return r;
  const stored = { ...r, managedInstanceId: instance.instanceId };
  const record = { ...stored, status: deriveHostStatus(stored, deps.clock.now()) };
  await deps.stores.inventory.put(record);
  return record;
}

/**
 * The named hosts as a pool sees them: the inventory's records (every cluster, so a host registered
 * elsewhere is named as such), SSM's ping and platform, and the pool each is in.
 */
export async function candidateHosts(
  deps: CommandDeps,
  cluster: ClusterConfig,
  names: readonly string[],
): Promise<CandidateHost[]> {
  const found = (await Promise.all(names.map((n) => deps.stores.inventory.find(n)))).flat();
  const records = await Promise.all(found.map((r) => withRegistration(deps, cluster, r)));
  const ids = records
    .filter((r) => r.cluster === cluster.name && r.managedInstanceId)
    .map((r) => r.managedInstanceId!);
  const { ssm } = deps.cloud.forCluster(cluster);
  const batches = Array.from({ length: Math.ceil(ids.length / 50) }, (_, i) =>
    ids.slice(i * 50, i * 50 + 50),
  );
  const instances = (await Promise.all(batches.map((b) => ssm.describeInstances({ instanceIds: b })))).flat();
  const { kube } = deps.cloud.forCluster(cluster);
  return Promise.all(
    records.map(async (r): Promise<CandidateHost> => {
      const node = r.cluster === cluster.name && r.node ? await kube.getNode(r.node.name) : undefined;
      const instance = instances.find((i) => i.instanceId === r.managedInstanceId);
      const os = hostOsOf(instance?.platformName, instance?.platformVersion);
      const pool =
        r.cluster === cluster.name ? await deps.stores.pools.poolOf(cluster.name, r.name) : undefined;
      return {
        name: r.name,
        cluster: r.cluster,
        auth: r.auth,
        deregistered: r.deregistered,
        ...(r.site ? { site: r.site } : {}),
        ...(r.managedInstanceId ? { managedInstanceId: r.managedInstanceId } : {}),
        ...(instance ? { ping: instance.pingStatus } : {}),
        ...(r.arch ? { arch: r.arch } : {}),
        ...(os ? { os } : {}),
        ...(instance?.platformName
          ? { platform: { name: instance.platformName, version: instance.platformVersion ?? '' } }
          : {}),
        ...(pool ? { pool } : {}),
        ...(node ? { nodeName: node.name, kubeletVersion: node.kubeletVersion } : {}),
      };
    }),
  );
}

/**
 * Why hosts that keep their OS through a change cannot stay on the target profile: SSM's platform of
 * each (one call per 50 hosts) against AWS's list and the profile's. A host SSM reports no platform
 * for is not refused.
 */
export async function poolHostOsProblems(
  deps: CommandDeps,
  cluster: ClusterConfig,
  hosts: readonly { host: string; managedInstanceId?: string }[],
  profile: ClusterProfile,
): Promise<string[]> {
  const ids = hosts.flatMap((h) => (h.managedInstanceId ? [h.managedInstanceId] : []));
  const { ssm } = deps.cloud.forCluster(cluster);
  const instances = (
    await Promise.all(factBatches(ids).map((b) => ssm.describeInstances({ instanceIds: b })))
  ).flat();
  return hosts.flatMap((h) => {
    const i = instances.find((x) => x.instanceId === h.managedInstanceId);
    if (!i?.platformName) return [];
    return hostOsGate(
      {
        name: h.host,
        managedInstanceId: i.instanceId,
        auth: 'ssm',
        platform: { name: i.platformName, version: i.platformVersion ?? '' },
      },
      profile,
    );
  });
}
