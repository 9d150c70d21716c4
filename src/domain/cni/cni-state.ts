/** The running CNI as the bot reads it (kept free of imports: ClusterFacts carries it). */

export type CniOwner =
  | { kind: 'flux'; namespace: string; name: string }
  | { kind: 'helm'; release: string }
  | { kind: 'unknown' };

export interface WorkloadState {
  version?: string;
  hybridOnly: boolean;
  desired: number;
  ready: number;
  updated: number;
  rolledOut: boolean;
}

/** What runs now, read from the objects: everything `cni show` prints and drift compares. */
export interface RunningCni {
  installed: boolean;
  agent?: WorkloadState;
  operator?: WorkloadState & { replicas: number; tolerationsRestricted: boolean };
  ipamMode?: string;
  podCidrs: string[];
  maskSize?: number;
  /** Undefined when aws-node is not there. */
  awsNodeExcludesHybrid?: boolean;
  owner: CniOwner;
  fluxInstalled: boolean;
}
