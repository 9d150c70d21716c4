import type { HostInventory } from '../../src/adapters/redis/inventory';
import type { ClusterClients, EksCluster, KubeNode, KubeWorkload } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import type { Unreachable } from '../../src/domain/alerts/alert-rules';
import { readRunningCni } from '../../src/domain/cni/cni-running';
import type {
  ClusterFacts,
  MonitorFacts,
  NodeFacts,
  RegisteredHostFacts,
  WorkloadFacts,
} from '../../src/domain/facts';
import { type HostNames, hostNamesOf } from '../../src/domain/host-names';
import type { HostRecord } from '../../src/domain/host-status';
import { BotError } from '../../src/errors';
import type { CommandDeps } from '../job-context';
import { toCni } from './read-cni';

/** Where the management agent runs (see DOMAIN.md): its Deployment, namespace and pod label. */
export const AGENT_NAMESPACE = 'management-agent';
export const AGENT_DEPLOYMENT = 'management-agent';
export const AGENT_POD_SELECTOR = 'app.kubernetes.io/name=management-agent';

/** The cluster's registered hosts with an address, and the host name of each node, from the bot's inventory. */
async function registeredHosts(
  cluster: string,
  inventory: HostInventory,
  read?: Promise<readonly HostRecord[]>,
): Promise<{ hosts: RegisteredHostFacts[]; hostNames: HostNames }> {
  const records = await (read ?? inventory.list(cluster));
  return {
    hosts: records.flatMap((h) =>
      h.deregistered || !h.ip ? [] : [{ name: h.name, ip: h.ip, site: h.site }],
    ),
    hostNames: hostNamesOf(records),
  };
}

// The account never changes for a region and role: ask STS once per process.
const accounts = new Map<string, Promise<string>>();

async function accountOf(cluster: ClusterConfig, clients: ClusterClients): Promise<string> {
  const cacheKey = `${cluster.region} ${cluster.roleArn ?? ''}`;
  let account = accounts.get(cacheKey);
  if (!account) {
    account = clients.whoAmI().then((id) => id.account);
    accounts.set(cacheKey, account);
    account.catch(() => accounts.delete(cacheKey));
  }
  return account;
}

function workload(list: readonly KubeWorkload[], name: string): WorkloadFacts | undefined {
  const w = list.find((item) => item.name === name);
  if (!w) return undefined;
  return {
    namespace: w.namespace,
    name: w.name,
    kind: w.kind,
    desired: w.desired,
    ready: w.ready,
    ...(w.requiredNodeSelectorTerms ? { requiredNodeSelectorTerms: w.requiredNodeSelectorTerms } : {}),
  };
}

/**
 * The cluster's Kubernetes reads, one after another over one kept-alive connection (in parallel they
 * would open a connection each), which is closed once they are done: kept until the next interval,
 * a monitor of a thousand clusters would hold a thousand idle TLS connections and their buffers
 * (over 100 MB). The next reading opens one again, resuming the TLS session: no full handshake.
 */
async function readKube(kube: ClusterClients['kube']) {
  try {
    const systemDaemonSets = await kube.listDaemonSets('kube-system');
    const systemDeployments = await kube.listDeployments('kube-system');
    const agentDeployments = await kube.listDeployments(AGENT_NAMESPACE);
    const agentPods = await kube.listPods({ namespace: AGENT_NAMESPACE, labelSelector: AGENT_POD_SELECTOR });
    const ciliumConfig = await kube.getConfigMap('kube-system', 'cilium-config');
    // The nodes, by far the largest answer, last: held for less time while the other reads wait.
    const nodes = await kube.listNodes();
    return { nodes, systemDaemonSets, systemDeployments, agentDeployments, agentPods, ciliumConfig };
  } finally {
    kube.closeIdleConnections();
  }
}

/**
 * Everything the doctor, status and monitor read about one cluster, from EKS and the cluster's
 * Kubernetes API. Throws the adapters' BotError when either cannot be reached.
 */
export async function gatherClusterFacts(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'cloud' | 'stores'>,
): Promise<ClusterFacts> {
  const clients = deps.cloud.forCluster(cluster);
  const described = await clients.eks.describeCluster(cluster.name);
  const [facts, addons, accessEntries, account] = await Promise.all([
    readFacts(cluster, deps, clients, described),
    clients.eks.listAddons(cluster.name),
    // EKS refuses to list access entries while the cluster authenticates by ConfigMap alone.
    described.authenticationMode === 'CONFIG_MAP' ? [] : clients.eks.listAccessEntries(cluster.name),
    accountOf(cluster, clients),
  ]);
  return {
    ...facts,
    accessEntries,
    addons,
    hybridNodesRoleArn: `arn:aws:iam::${account}:role/${cluster.hybridNodesRole}`,
  };
}

/**
 * What the monitor reads each interval: no add-ons or access entries, which no alert rule reads.
 * `hosts`: the cluster's inventory when the caller reads it anyway (the monitor reads it once).
 */
export async function gatherMonitorFacts(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'cloud' | 'stores'>,
  hosts?: Promise<readonly HostRecord[]>,
): Promise<MonitorFacts> {
  const clients = deps.cloud.forCluster(cluster);
  return readFacts(cluster, deps, clients, await clients.eks.describeCluster(cluster.name), hosts);
}

async function readFacts(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'stores'>,
  { eks, kube }: ClusterClients,
  described: EksCluster,
  hosts?: Promise<readonly HostRecord[]>,
): Promise<MonitorFacts> {
  const [nodegroups, inventory, read] = await Promise.all([
    eks.listNodegroups(cluster.name),
    registeredHosts(cluster.name, deps.stores.inventory, hosts),
    readKube(kube),
  ]);
  const { nodes, systemDaemonSets, systemDeployments, agentDeployments, agentPods, ciliumConfig } = read;
  const awsNode = workload(systemDaemonSets, 'aws-node');
  const ciliumAgent = workload(systemDaemonSets, 'cilium');
  const ciliumOperator = workload(systemDeployments, 'cilium-operator');
  const managementAgent = workload(agentDeployments, AGENT_DEPLOYMENT);
  const running = readRunningCni({
    ...optional('agent', toCni(systemDaemonSets.find((d) => d.name === 'cilium'))),
    ...optional('operator', toCni(systemDeployments.find((d) => d.name === 'cilium-operator'))),
    ...optional('awsNode', toCni(systemDaemonSets.find((d) => d.name === 'aws-node'))),
    ...optional('ciliumConfig', ciliumConfig),
    fluxInstalled: false, // drift does not depend on it; discovery is left to `cni show`
  });
  return {
    name: cluster.name,
    cluster: {
      version: described.version,
      status: described.status,
      authenticationMode: described.authenticationMode,
      ...(described.remoteNodeNetworks ? { remoteNodeNetworks: described.remoteNodeNetworks } : {}),
      remotePodNetworks: described.remotePodNetworks,
      vpcCidrs: cluster.vpcCidrs,
      ...(described.serviceIpv4Cidr ? { serviceCidr: described.serviceIpv4Cidr } : {}),
    },
    nodegroups,
    nodes: nodes.map(nodeFacts),
    workloads: {
      ...(awsNode ? { awsNode } : {}),
      ...(ciliumAgent ? { ciliumAgent } : {}),
      ...(ciliumOperator ? { ciliumOperator } : {}),
      ...(managementAgent ? { managementAgent } : {}),
    },
    managementAgentPods: agentPods.map((p) => ({
      name: p.name,
      phase: p.phase,
      ready: p.ready,
      ...(p.nodeName ? { nodeName: p.nodeName } : {}),
    })),
    ...(ciliumConfig
      ? {
          ciliumIpam: {
            ...optional('mode', running.ipamMode),
            podCidrs: running.podCidrs,
            ...optional('maskSize', running.maskSize),
          },
        }
      : {}),
    cni: running,
    registeredHosts: inventory.hosts,
    hostNames: inventory.hostNames,
  };
}

/**
 * What the facts keep of a node: the monitor holds a thousand clusters' nodes in turn, each while
 * its rules run, and the annotations, provider ID and boot ID no rule reads were a third of them.
 */
function nodeFacts(n: KubeNode): NodeFacts {
  return {
    name: n.name,
    labels: n.labels,
    ready: n.ready,
    kubeletVersion: n.kubeletVersion,
    ...optional('kernelVersion', n.kernelVersion),
    ...optional('osImage', n.osImage),
    capacity: n.capacity,
    ...optional('internalIp', n.internalIp),
    ...optional('createdAt', n.createdAt),
    taints: n.taints,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * The facts, or why the cluster could not be read: an unreachable AWS or Kubernetes API makes the
 * state unknown, never "nodes down". Errors that are the bot's own fault still throw.
 */
export function factsOrUnreachable(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'cloud' | 'stores'>,
): Promise<ClusterFacts | Unreachable> {
  return orUnreachable(cluster, () => gatherClusterFacts(cluster, deps));
}

/** The monitor's facts (see gatherMonitorFacts), or why the cluster could not be read. */
export function monitorFactsOrUnreachable(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'cloud' | 'stores'>,
  hosts?: Promise<readonly HostRecord[]>,
): Promise<MonitorFacts | Unreachable> {
  return orUnreachable(cluster, () => gatherMonitorFacts(cluster, deps, hosts));
}

async function orUnreachable<F>(cluster: ClusterConfig, read: () => Promise<F>): Promise<F | Unreachable> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof BotError)) throw err;
    return { cluster: cluster.name, unreachable: err.userMessage };
  }
}
