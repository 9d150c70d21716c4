import type { BulkSpec, ClusterSpec } from '../scenario/schema';
import { buildCluster } from './build-cluster';
import type { Fleet } from './fleet';
import { writeRegistration } from './host-files';
import { activationCode, managedInstanceId, uuid } from './ids';
import { addressInCidr } from './ip';
import { joinNode } from './join-node';
import type { Cluster, Host } from './types';

export interface HybridNodesSpec {
  count: number;
  /** Sites the nodes are spread over, round robin; default `<cluster>-site-1`. */
  sites?: string[];
  /** A node label whose value is the node's site, when the scenario wants one. */
  siteLabel?: string;
  /** Addresses are taken from here, after the first 256; default the cluster's first remote node network. */
  cidr?: string;
  version?: string;
  /** More labels and annotations each node carries, e.g. those a tool that manages the nodes wrote earlier. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /**
   * Tags on each managed instance, as an activation's tags pass to the instances it registers (or
   * AddTagsToResource adds them); `hostTag` and `siteTag` name tags whose value is the host's name and site.
   */
  tags?: Record<string, string>;
  hostTag?: string;
  siteTag?: string;
  /**
   * Files each host holds, as a bootstrap left them (e.g. the NodeConfig's credentials);
   * `{activationId}` and `{activationCode}` stand for the activation the hosts registered with.
   */
  files?: Record<string, string>;
}

/**
 * Joins many hosts at once as SSM hybrid nodes, skipping the activation round trips: each gets a host,
 * a managed instance (counted against one activation) and a Ready node. For benchmarks and big demos.
 */
export function addHybridNodes(fleet: Fleet, cluster: Cluster, spec: HybridNodesSpec): Host[] {
  const sites = spec.sites?.length ? spec.sites : [`${cluster.name}-site-1`];
  const cidr = spec.cidr ?? cluster.remoteNodeNetworks?.[0] ?? '10.80.0.0/16';
  const now = fleet.now();
  const activation = {
    id: uuid(),
    code: activationCode(),
    region: cluster.region,
    iamRole: 'HybridNodesRole',
    defaultInstanceName: undefined,
    registrationLimit: Math.max(spec.count, 1),
    registrationsCount: spec.count,
    expirationDate: new Date(now.getTime() + 24 * 3600 * 1000),
    createdDate: now,
    tags: [],
  };
  fleet.activations.set(activation.id, activation);
  const existing = [...fleet.hosts.values()].filter((h) => h.node.clusterName === cluster.name).length;
  const hosts: Host[] = [];
  for (let i = 0; i < spec.count; i++) {
    const n = existing + i;
    const site = sites[i % sites.length]!;
    if (!fleet.sites.has(site)) fleet.sites.set(site, cidr);
    const instanceId = managedInstanceId();
    const host: Host = {
      name: `${cluster.name}-edge-${String(n + 1).padStart(5, '0')}`,
      site,
      ip: addressInCidr(cidr, 256 + n),
      arch: 'amd64',
      os: 'ubuntu-22.04',
      cpu: 8,
      memoryGiB: 32,
      diskGiB: 200,
      managedInstanceId: instanceId,
      node: { running: false },
      files: new Map(),
      ssmAgentInstalled: true,
    };
    for (const [path, content] of Object.entries(spec.files ?? {})) {
      host.files.set(
        path,
        content.replaceAll('{activationId}', activation.id).replaceAll('{activationCode}', activation.code),
      );
    }
    writeRegistration(host, instanceId, cluster.region);
    fleet.hosts.set(host.name, host);
    fleet.instances.set(instanceId, {
      instanceId,
      region: cluster.region,
      activationId: activation.id,
      iamRole: activation.iamRole,
      hostName: host.name,
      ipAddress: host.ip,
      platformName: 'Ubuntu',
      platformVersion: '22.04',
      pingStatus: fleet.downSites.has(site) ? 'ConnectionLost' : 'Online',
      registrationDate: now,
      lastPingDateTime: now,
      tags: new Map([
        ...Object.entries(spec.tags ?? {}),
        ...(spec.hostTag ? [[spec.hostTag, host.name] as [string, string]] : []),
        ...(spec.siteTag ? [[spec.siteTag, site] as [string, string]] : []),
      ]),
    });
    const labels = { ...spec.labels, ...(spec.siteLabel ? { [spec.siteLabel]: site } : {}) };
    joinNode(fleet, cluster, host, {
      nodeName: instanceId,
      provider: 'ssm',
      version: spec.version ?? cluster.version,
      labels,
      taints: [],
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    });
    hosts.push(host);
  }
  return hosts;
}

/** `count` hybrid-ready clusters named `<prefix>-001`…, each with its agent node group, Cilium and hybrid nodes. */
export function bulkClusterSpecs(account: string, b: BulkSpec): ClusterSpec[] {
  return Array.from({ length: b.clusters }, (_, i) => ({
    name: `${b.namePrefix}-${String(i + 1).padStart(3, '0')}`,
    region: b.region,
    version: b.version,
    status: 'ACTIVE' as const,
    authenticationMode: 'API_AND_CONFIG_MAP' as const,
    vpcCidr: `10.${100 + (i % 150)}.0.0/16`,
    serviceIpv4Cidr: '172.20.0.0/16',
    remoteNodeNetworks: ['10.80.0.0/16'],
    remotePodNetworks: ['10.85.0.0/16'],
    addons: [{ name: 'vpc-cni', version: 'v1.19.2-eksbuild.1', status: 'ACTIVE' }],
    accessEntries: [
      {
        principalArn: `arn:aws:iam::${account}:role/HybridNodesRole`,
        type: 'HYBRID_LINUX' as const,
        kubernetesGroups: [],
      },
    ],
    nodeGroups: [
      {
        name: 'agents',
        instanceType: 't3.xlarge',
        diskSize: 20,
        minSize: 1,
        maxSize: 2,
        desiredSize: 1,
        status: 'ACTIVE',
        labels: {},
      },
    ],
    managementAgent: { nodeGroup: 'agents', namespace: 'management-agent', name: 'management-agent' },
    flux: false,
    ...(b.cilium ? { cilium: { version: '1.17.6', owner: 'helm' as const } } : {}),
    apps: [],
  }));
}

/** Builds the bulk clusters and their hybrid nodes. */
export function buildBulk(fleet: Fleet, b: BulkSpec): Cluster[] {
  return bulkClusterSpecs(fleet.account, b).map((spec) => {
    const cluster = buildCluster(fleet, spec);
    const sites = Array.from({ length: b.sitesPerCluster }, (_, k) => `${spec.name}-site-${k + 1}`);
    addHybridNodes(fleet, cluster, { count: b.hybridNodesPerCluster, sites, siteLabel: b.siteLabel });
    return cluster;
  });
}
