/**
 * What jobs need from AWS (EKS, SSM) and from a cluster's Kubernetes API, as plain data: no SDK type
 * crosses these interfaces. Every method throws a BotError (src/errors.ts) whose `retryable` flag
 * says whether trying again can help.
 */
import type { ClusterConfig } from './config/schema';
import type { CreateActivationRequest, Tag } from './domain/activation-request';
import type {
  AccessEntryFacts,
  AddonFacts,
  NodeFacts,
  NodegroupFacts,
  NodeSelectorTerm,
  PodFacts,
} from './domain/facts';

export interface EksCluster {
  name: string;
  arn?: string;
  version: string;
  /** CREATING | ACTIVE | UPDATING | DELETING | FAILED | PENDING */
  status: string;
  /** The Kubernetes API server URL. */
  endpoint: string;
  /** The cluster CA certificate, base64 PEM as EKS returns it. */
  caData: string;
  /** API | API_AND_CONFIG_MAP | CONFIG_MAP (CONFIG_MAP when EKS leaves it out). */
  authenticationMode: string;
  /** Undefined when the cluster has no remoteNetworkConfig (hybrid nodes not enabled). */
  remoteNodeNetworks?: string[];
  remotePodNetworks: string[];
  serviceIpv4Cidr?: string;
  vpcId?: string;
  subnetIds: string[];
  // EKS does not return the VPC's CIDRs (only EC2 DescribeVpcs does): callers take them from configuration.
}

export interface AddonDetails extends AddonFacts {
  /** The add-on's configuration as JSON or YAML text; empty when none was set. */
  configurationValues: string;
}

export type AccessEntryType = 'HYBRID_LINUX' | 'STANDARD' | 'EC2_LINUX' | 'EC2_WINDOWS';

export interface Eks {
  describeCluster(name: string): Promise<EksCluster>;
  /** Every node group of the cluster, described. */
  listNodegroups(cluster: string): Promise<NodegroupFacts[]>;
  /** Every add-on of the cluster, described. */
  listAddons(cluster: string): Promise<AddonFacts[]>;
  /** Every access entry of the cluster with its type. */
  listAccessEntries(cluster: string): Promise<AccessEntryFacts[]>;
  /** One add-on with its configurationValues; undefined when the cluster does not have it. */
  describeAddon(cluster: string, addon: string): Promise<AddonDetails | undefined>;
  /** UpdateAddon with new configurationValues (JSON); EKS answers UPDATING, then ACTIVE. */
  /**
   * Sends the add-on's new configuration; `busy` when another update of it is under way
   * (ResourceInUseException): nothing was sent, look again once it is ACTIVE.
   */
  updateAddonConfiguration(
    cluster: string,
    addon: string,
    configurationValues: string,
  ): Promise<'sent' | 'busy'>;
  /** Idempotent: an entry that already exists for the principal is reported, not an error. */
  createAccessEntry(
    cluster: string,
    principalArn: string,
    type: AccessEntryType,
  ): Promise<'created' | 'exists'>;
}

export interface ActivationFilter {
  activationIds?: string[];
  defaultInstanceName?: string;
  iamRole?: string;
}

export interface Activation {
  activationId: string;
  description?: string;
  defaultInstanceName?: string;
  iamRole?: string;
  registrationLimit: number;
  registrationsCount: number;
  /** Epoch milliseconds. */
  expiresAt: number;
  expired: boolean;
  createdAt?: number;
  tags: Tag[];
}

/** The activation's code is a secret: hand it to the requester only, never to a log or a channel. */
export interface IssuedActivation {
  activationId: string;
  activationCode: string;
}

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export interface InstanceFilter {
  activationIds?: string[];
  instanceIds?: string[];
  pingStatus?: PingStatus[];
  /** Instances carrying every one of these tags with these values. */
  tags?: Record<string, string>;
}

export interface ManagedInstance {
  /** `mi-` + 17 hex characters for hybrid-activated machines. */
  instanceId: string;
  pingStatus: string;
  activationId?: string;
  ipAddress?: string;
  computerName?: string;
  /** The activation's DefaultInstanceName. */
  name?: string;
  iamRole?: string;
  platformName?: string;
  platformVersion?: string;
  /** The SSM agent's version (e.g. 3.3.1802.0). */
  agentVersion?: string;
  /** Epoch milliseconds. */
  registrationDate?: number;
  lastPingAt?: number;
}

/** GetCommandInvocation's statuses; `Pending` also while SSM does not yet know the invocation. */
export type CommandStatus =
  | 'Pending'
  | 'InProgress'
  | 'Delayed'
  | 'Success'
  | 'Cancelled'
  | 'TimedOut'
  | 'Failed'
  | 'Cancelling';

export interface CommandResult {
  status: CommandStatus;
  /** The script's exit code, once it ended. */
  exitCode?: number;
  stdout: string;
  stderr: string;
}

/** One instance's invocation of a command, as ListCommandInvocations (with details) lists it. */
export interface InvocationResult {
  instanceId: string;
  status: CommandStatus;
  /** The plugin's output: SSM keeps its first 2,500 characters here. */
  output: string;
}

export interface Ssm {
  createActivation(request: CreateActivationRequest): Promise<IssuedActivation>;
  /** All pages. */
  describeActivations(filter?: ActivationFilter): Promise<Activation[]>;
  /** Idempotent: an activation already gone is not an error. */
  deleteActivation(activationId: string): Promise<void>;
  /** All pages of DescribeInstanceInformation. */
  describeInstances(filter?: InstanceFilter): Promise<ManagedInstance[]>;
  /** The tags of a managed instance (copied from its activation at registration). */
  listInstanceTags(instanceId: string): Promise<Tag[]>;
  /** Idempotent: an instance already deregistered is not an error. */
  deregisterManagedInstance(instanceId: string): Promise<void>;
  addTags(instanceId: string, tags: Record<string, string>): Promise<void>;
  /**
   * AWS-RunShellScript on 1 to 50 instances; returns the command ID. `comment` (up to 100 characters)
   * names the command in SSM's history, so `findCommand` can tell whether it was already sent.
   */
  sendShellCommand(
    instanceIds: string[],
    commands: string[],
    timeoutSeconds: number,
    comment?: string,
  ): Promise<string>;
  /** The newest command in an instance's recent history with exactly this comment. */
  findCommand(instanceId: string, comment: string): Promise<string | undefined>;
  /**
   * Every invocation of a command with its output, all pages of ListCommandInvocations (50 a page):
   * one call reads what 50 hosts printed. Empty while SSM does not list the command yet.
   */
  listCommandResults(commandId: string): Promise<InvocationResult[]>;
  /** SSM also answers "no such invocation" for unknown command IDs: callers bound how long they wait. */
  getCommandResult(commandId: string, instanceId: string): Promise<CommandResult>;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface KubeNode extends NodeFacts {
  providerId?: string;
  unschedulable: boolean;
  taints: Taint[];
  /** metadata.annotations (a pool's definition is kept there, see src/domain/pools/pool-annotations.ts). */
  annotations: Record<string, string>;
  /** When the Ready condition last changed (epoch ms), and why it is what it is. */
  readyChangedAt?: number;
  readyReason?: string;
  /** status.nodeInfo.bootID: the host's boot as its kubelet last reported it (a reboot changes it). */
  bootId?: string;
}

export interface KubePod extends PodFacts {
  namespace: string;
  labels: Record<string, string>;
  /** The controller that owns the pod (DaemonSet, ReplicaSet, …), if any. */
  owner?: { kind: string; name: string };
  /** Static pods mirrored by the kubelet: they cannot be evicted. */
  mirror: boolean;
  /** Being deleted (Terminating): metadata.deletionTimestamp, when its grace period ends (epoch ms). */
  deletionTimestamp?: number;
}

export interface PodQuery {
  namespace?: string;
  labelSelector?: string;
  nodeName?: string;
}

export interface KubeWorkload {
  namespace: string;
  name: string;
  kind: 'DaemonSet' | 'Deployment';
  labels: Record<string, string>;
  /** spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms */
  requiredNodeSelectorTerms?: NodeSelectorTerm[];
  nodeSelector?: Record<string, string>;
  /** Pods wanted (DaemonSet: nodes it should run on; Deployment: replicas). */
  desired: number;
  ready: number;
  updated: number;
  available: number;
  /** The controller has seen the latest spec and every wanted pod is updated and available. */
  rolloutComplete: boolean;
  annotations?: Record<string, string>;
  /** The pod template's container images. */
  images?: string[];
  tolerations?: { key?: string; operator?: string; value?: string; effect?: string }[];
}

/** A custom resource, by API group, version, plural, namespace and name. */
export interface CustomObjectRef {
  group: string;
  version: string;
  plural: string;
  namespace: string;
  name: string;
}

export type CustomObject = { [key: string]: unknown };

/** A PodDisruptionBudget as a drain needs it: which pods it covers and how many may go now. */
export interface DisruptionBudget {
  namespace: string;
  name: string;
  /** spec.selector.matchLabels; a budget with matchExpressions lists them too. */
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values?: string[] }[];
  disruptionsAllowed: number;
}

export interface Kube {
  listNodes(labelSelector?: string): Promise<KubeNode[]>;
  /** Undefined when there is no such node. */
  getNode(name: string): Promise<KubeNode | undefined>;
  /** A null value removes the label. */
  patchNodeLabels(name: string, labels: Record<string, string | null>): Promise<KubeNode>;
  /** A null value removes the annotation. */
  patchNodeAnnotations(name: string, annotations: Record<string, string | null>): Promise<KubeNode>;
  /** Replaces the node's taints with these (pass the ones to keep as well). */
  setNodeTaints(name: string, taints: Taint[]): Promise<KubeNode>;
  setUnschedulable(name: string, unschedulable: boolean): Promise<KubeNode>;
  /** Idempotent: a node already gone is not an error. */
  deleteNode(name: string): Promise<void>;
  listPods(query?: PodQuery): Promise<KubePod[]>;
  /** A pod already gone counts as evicted. */
  evictPod(namespace: string, name: string): Promise<'evicted' | 'blocked-by-pdb'>;
  listDisruptionBudgets(): Promise<DisruptionBudget[]>;
  listDaemonSets(namespace?: string): Promise<KubeWorkload[]>;
  listDeployments(namespace?: string): Promise<KubeWorkload[]>;
  /** A ConfigMap's data; undefined when there is no such ConfigMap. */
  getConfigMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** A strategic-merge patch of a DaemonSet (as `kubectl patch` sends by default). */
  patchDaemonSet(namespace: string, name: string, patch: object): Promise<KubeWorkload>;
  /** Whether the API server serves this API group (its CRDs are installed), from discovery. */
  servesApiGroup(group: string): Promise<boolean>;
  /** Undefined when there is no such object (or no such resource type). */
  getCustomObject(ref: CustomObjectRef): Promise<CustomObject | undefined>;
  /** Creates the object, or merge-patches its `spec` (and labels) when it exists. */
  applyCustomObject(ref: CustomObjectRef, object: CustomObject): Promise<'created' | 'updated'>;
  /**
   * Closes the connection kept open for the next request (the next one opens another, resuming the
   * TLS session). A reader of many clusters calls it after each: an idle TLS connection holds about
   * 100 KB of buffers, which a thousand clusters' connections would keep between reads.
   */
  closeIdleConnections(): void;
}

/** Who the bot is to AWS for a cluster (after assuming the cluster's role, if any). */
export interface CallerIdentity {
  account: string;
  arn: string;
}

export interface ClusterClients {
  eks: Eks;
  ssm: Ssm;
  /** Reached with the endpoint and CA from DescribeCluster and an EKS token signed in-process. */
  kube: Kube;
  whoAmI(): Promise<CallerIdentity>;
}

export interface CloudClients {
  /** Clients for one cluster's region and role; SDK clients are shared per region and role. */
  forCluster(cluster: Pick<ClusterConfig, 'name' | 'region' | 'roleArn'>): ClusterClients;
  /** Releases sockets (kube keep-alive agents, SDK handlers). */
  close(): void;
}
