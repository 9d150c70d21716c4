import type { ManagedInstance } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import { SITE_LABEL } from '../../src/domain/bot-labels';
import { factBatches } from '../../src/domain/host-facts/fact-collection';
import type { HostFacts } from '../../src/domain/host-facts/host-facts';
import type { CommandDeps } from '../job-context';

/** Nodes nodeadm joined with SSM credentials: their names are the managed-instance IDs. */
const SSM_NODES = 'eks.amazonaws.com/hybrid-credential-provider=ssm';

export interface SsmHost {
  instanceId: string;
  host: string;
  site?: string;
  /** What DescribeInstanceInformation says of it now; absent when SSM no longer knows it. */
  instance?: ManagedInstance;
  /** The kernel its node's kubelet reports (status.nodeInfo), when it runs as a node. */
  kernel?: string;
}

/**
 * The cluster's SSM hosts: those the inventory registered and every node joined with SSM (a host
 * joined outside the bot counts too), with SSM's inventory of each (one call per 50 hosts).
 */
export async function clusterSsmHosts(deps: CommandDeps, cluster: ClusterConfig): Promise<SsmHost[]> {
  const { ssm, kube } = deps.cloud.forCluster(cluster);
  const [records, nodes] = await Promise.all([
    deps.stores.inventory.list(cluster.name),
    kube.listNodes(SSM_NODES),
  ]);
  const hosts = new Map<string, SsmHost>();
  for (const r of records) {
    if (r.deregistered || r.auth !== 'ssm' || !r.managedInstanceId) continue;
    hosts.set(r.managedInstanceId, {
      instanceId: r.managedInstanceId,
      host: r.name,
      ...(r.site ? { site: r.site } : {}),
    });
  }
  for (const n of nodes) {
    const known = hosts.get(n.name);
    if (known) {
      if (n.kernelVersion) known.kernel = n.kernelVersion;
      continue;
    }
    if (!n.name.startsWith('mi-')) continue;
    const site = n.labels[SITE_LABEL];
    hosts.set(n.name, {
      instanceId: n.name,
      host: n.name,
      ...(site ? { site } : {}),
      ...(n.kernelVersion ? { kernel: n.kernelVersion } : {}),
    });
  }
  const instances = (
    await Promise.all(
      factBatches([...hosts.keys()]).map((ids) => ssm.describeInstances({ instanceIds: ids })),
    )
  ).flat();
  for (const i of instances) {
    const h = hosts.get(i.instanceId);
    if (!h) continue;
    h.instance = i;
    // A node joined outside the bot is named as SSM knows it.
    if (h.host === h.instanceId) h.host = i.name ?? i.computerName ?? i.instanceId;
  }
  return [...hosts.values()];
}

/** What SSM's inventory (and the host's node, for its kernel) tells of a host, as facts read now. */
export function inventoryFacts(cluster: string, h: SsmHost, now: number): HostFacts {
  const i = h.instance;
  return {
    instanceId: h.instanceId,
    cluster,
    host: h.host,
    ...(h.site ? { site: h.site } : {}),
    ...(i?.platformName
      ? { platform: { value: { name: i.platformName, version: i.platformVersion ?? '' }, at: now } }
      : {}),
    ...(i?.agentVersion ? { agentVersion: { value: i.agentVersion, at: now } } : {}),
    ...(h.kernel ? { kernel: { value: h.kernel, at: now } } : {}),
  };
}
