import type { KubeStore } from '../kube/store';
import type { HostFault } from './host-fault-names';

export type AuthenticationMode = 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP';

export interface Tag {
  Key: string;
  Value: string;
}

export interface NodeGroup {
  name: string;
  arn: string;
  instanceType: string;
  diskSize: number;
  minSize: number;
  maxSize: number;
  desiredSize: number;
  status: string;
  amiType: string;
  capacityType: string;
  releaseVersion: string;
  createdAt: Date;
  subnetIds: string[];
  nodeRole: string;
  labels: Record<string, string>;
  /** Names of this group's EC2 worker nodes in Kubernetes. */
  nodeNames: string[];
}

export interface Addon {
  name: string;
  version: string;
  status: string;
  createdAt: Date;
  modifiedAt: Date;
  /** As UpdateAddon received it (JSON or YAML text); absent when the add-on runs its defaults. */
  configurationValues?: string;
  /** Epoch ms on the simulator's clock until which the add-on is UPDATING. */
  updatingUntil?: number;
  updates: Map<string, AddonUpdate>;
}

export interface AddonUpdate {
  id: string;
  params: Array<{ type: string; value: string }>;
  createdAt: Date;
  /** Epoch ms on the simulator's clock when the update is Successful. */
  doneAt: number;
}

export interface AccessEntry {
  principalArn: string;
  type: string;
  username: string;
  kubernetesGroups: string[];
  arn: string;
  tags: Record<string, string>;
  createdAt: Date;
}

export interface Cluster {
  name: string;
  arn: string;
  region: string;
  version: string;
  platformVersion: string;
  status: string;
  createdAt: Date;
  roleArn: string;
  authenticationMode: AuthenticationMode;
  serviceIpv4Cidr: string;
  vpcCidr: string;
  vpcId: string;
  subnetIds: string[];
  clusterSecurityGroupId: string;
  remoteNodeNetworks?: string[];
  remotePodNetworks?: string[];
  nodeGroups: Map<string, NodeGroup>;
  addons: Map<string, Addon>;
  accessEntries: Map<string, AccessEntry>;
  tags: Record<string, string>;
  store: KubeStore;
  /** Set once the cluster's Kubernetes API server listens. */
  endpoint: string;
}

export interface Activation {
  id: string;
  code: string;
  region: string;
  iamRole: string;
  description?: string;
  defaultInstanceName?: string;
  registrationLimit: number;
  registrationsCount: number;
  expirationDate: Date;
  createdDate: Date;
  tags: Tag[];
}

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export interface ManagedInstance {
  instanceId: string;
  region: string;
  activationId: string;
  iamRole: string;
  name?: string;
  hostName: string;
  ipAddress: string;
  platformName: string;
  platformVersion: string;
  pingStatus: PingStatus;
  registrationDate: Date;
  lastPingDateTime: Date;
  tags: Map<string, string>;
}

export type CredentialProvider = 'ssm' | 'iam-ra';

/** What nodeadm left on a host: the installed kubelet and, after init, the node it runs as. */
export interface HostNodeState {
  installedVersion?: string;
  credentialProvider?: CredentialProvider;
  clusterName?: string;
  nodeName?: string;
  running: boolean;
  /** Epoch ms after which the joined node may report Ready. */
  readyAt?: number;
}

export interface Host {
  name: string;
  site: string;
  ip: string;
  arch: 'amd64' | 'arm64';
  os: string;
  cpu: number;
  memoryGiB: number;
  diskGiB: number;
  managedInstanceId?: string;
  node: HostNodeState;
  /** The host's files by absolute path: what scripts wrote survives between them (and nodeadm uninstall). */
  files: Map<string, string>;
  /** `nodeadm install -p ssm` installed the SSM agent (`amazon-ssm-agent` is on the PATH). */
  ssmAgentInstalled?: boolean;
  /** `uname -r`; absent: the OS's stock kernel. */
  kernel?: string;
  /** `nodeadm --version`; absent: the default build. */
  nodeadmVersion?: string;
  /** What is wrong on the host now (`POST /_sim/hosts/<name>/faults`). */
  faults?: Set<HostFault>;
  /** `/proc/sys/kernel/random/boot_id`: made on first read, new after each reboot. */
  bootId?: string;
  /** While it reboots: when it is up again (epoch ms on the simulator's clock); nothing runs on it till then. */
  rebootingUntil?: number;
}

export type InvocationStatus = 'Pending' | 'InProgress' | 'Success' | 'Failed' | 'TimedOut' | 'Cancelled';

export interface CommandInvocation {
  commandId: string;
  instanceId: string;
  status: InvocationStatus;
  responseCode: number;
  stdout: string;
  stderr: string;
  startedAt?: Date;
  endedAt?: Date;
}

export interface Command {
  commandId: string;
  region: string;
  documentName: string;
  comment: string;
  parameters: Record<string, string[]>;
  instanceIds: string[];
  requestedDateTime: Date;
  timeoutSeconds: number;
  invocations: Map<string, CommandInvocation>;
}
