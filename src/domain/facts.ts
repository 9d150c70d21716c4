import type { RunningCni } from './cni/cni-state';
import type { HostNames } from './host-names';
import type { PoolDriftSummary } from './pools/pool-view';

/**
 * Everything a job gathers about one cluster (from EKS DescribeCluster/Nodegroup/Addon/AccessEntry,
 * the Kubernetes API and the bot's inventory). The doctor, availability and alert rules read only this.
 */
export interface ClusterFacts {
  name: string;
  cluster: ClusterDescription;
  accessEntries: AccessEntryFacts[];
  addons: AddonFacts[];
  nodegroups: NodegroupFacts[];
  nodes: NodeFacts[];
  workloads: {
    awsNode?: WorkloadFacts;
    ciliumAgent?: WorkloadFacts;
    ciliumOperator?: WorkloadFacts;
    managementAgent?: WorkloadFacts;
  };
  managementAgentPods: PodFacts[];
  /** Cilium's IPAM, from kube-system/cilium-config; absent when there is no such ConfigMap. */
  ciliumIpam?: { mode?: string; podCidrs: string[]; maskSize?: number };
  /** The running CNI as read from kube-system (agent, operator, aws-node, cilium-config). */
  cni?: RunningCni;
  /** How the running CNI differs from the desired layer; absent when no layer is recorded. */
  cniDrift?: { what: string; running: string; desired: string }[];
  /** Pools whose nodes differ from what they want; absent when not read (no pools, or a change moves them). */
  poolDrift?: PoolDriftSummary[];
  registeredHosts: RegisteredHostFacts[];
  /** Host names by node name, from the inventory, so messages name hosts as people know them. */
  hostNames?: HostNames;
  /** The hybrid nodes IAM role ARN from the configuration, when known. */
  hybridNodesRoleArn?: string;
}

/** What the monitor reads each interval: the facts but those only the doctor checks (add-ons, access entries, account). */
export type MonitorFacts = Omit<ClusterFacts, 'addons' | 'accessEntries' | 'hybridNodesRoleArn'>;

export interface ClusterDescription {
  version: string;
  /** CREATING | ACTIVE | UPDATING | DELETING | FAILED | PENDING */
  status: string;
  /** API | API_AND_CONFIG_MAP | CONFIG_MAP */
  authenticationMode: string;
  /** Undefined when the cluster has no remoteNetworkConfig (hybrid nodes not enabled). */
  remoteNodeNetworks?: string[];
  remotePodNetworks: string[];
  vpcCidrs: string[];
  serviceCidr?: string;
}

export interface AccessEntryFacts {
  principalArn: string;
  /** STANDARD | HYBRID_LINUX | EC2_LINUX | … */
  type: string;
}

export interface AddonFacts {
  name: string;
  /** CREATING | ACTIVE | CREATE_FAILED | UPDATING | DELETING | DELETE_FAILED | DEGRADED | UPDATE_FAILED */
  status: string;
  version?: string;
}

export interface NodegroupFacts {
  name: string;
  instanceTypes: string[];
  /** GiB; undefined when a launch template sets the disk. */
  diskSize?: number;
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  status?: string;
}

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
  kubeletVersion: string;
  /** status.nodeInfo.kernelVersion: the host's `uname -r`, as its kubelet reports it. */
  kernelVersion?: string;
  /** status.nodeInfo.osImage (e.g. "Ubuntu 22.04.5 LTS"). */
  osImage?: string;
  /** Kubernetes quantities as the node reports them, e.g. cpu "4", memory "16098536Ki". */
  capacity: { cpu: string; memory: string; ephemeralStorage?: string };
  internalIp?: string;
  /** When the Node object was created (epoch ms): a node re-registered under the same name is a new one. */
  createdAt?: number;
  /** spec.taints, where read (pool drift compares them with the pool's). */
  taints?: { key: string; value?: string; effect: string }[];
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** A requiredDuringScheduling node selector term; the terms of a workload are ORed. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
}

export interface WorkloadFacts {
  namespace: string;
  name: string;
  kind: 'DaemonSet' | 'Deployment';
  /** spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms */
  requiredNodeSelectorTerms?: NodeSelectorTerm[];
  desired: number;
  ready: number;
}

export interface PodFacts {
  name: string;
  nodeName?: string;
  /** Pending | Running | Succeeded | Failed | Unknown */
  phase: string;
  ready: boolean;
}

export interface RegisteredHostFacts {
  name: string;
  ip: string;
  site: string;
}

/** Labels EKS puts on nodes. */
export const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
export const NODEGROUP_LABEL = 'eks.amazonaws.com/nodegroup';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

export function isHybridNode(node: NodeFacts): boolean {
  return node.labels[COMPUTE_TYPE_LABEL] === 'hybrid';
}
