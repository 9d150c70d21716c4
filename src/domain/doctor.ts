import type { Check, CheckItem } from './doctor-check';
import {
  authenticationMode,
  hybridAccessEntry,
  hybridEnabled,
  remoteNetworks,
} from './doctor-cluster-checks';
import {
  awsNodeAffinity,
  ciliumAgentAffinity,
  ciliumOperatorAffinity,
  ciliumPodCidrs,
  vpcCniAddon,
} from './doctor-cni-checks';
import { agentNode, agentNodegroupMinSize, hostIpsInRemoteNetworks, kubeletSkew } from './doctor-node-checks';
import type { ClusterFacts } from './facts';

export type { CheckItem } from './doctor-check';

/** Every requirement for managing hybrid nodes, in the order the checklist shows them. */
export const DOCTOR_CHECKS: readonly Check[] = [
  hybridEnabled,
  remoteNetworks,
  authenticationMode,
  hybridAccessEntry,
  vpcCniAddon,
  awsNodeAffinity,
  ciliumAgentAffinity,
  ciliumOperatorAffinity,
  ciliumPodCidrs,
  agentNode,
  agentNodegroupMinSize,
  hostIpsInRemoteNetworks,
  kubeletSkew,
];

export function runDoctor(facts: ClusterFacts): CheckItem[] {
  return DOCTOR_CHECKS.map((check) => check(facts));
}

export function doctorSummary(items: readonly CheckItem[]): { pass: number; warn: number; fail: number } {
  const count = (result: CheckItem['result']) => items.filter((item) => item.result === result).length;
  return { pass: count('pass'), warn: count('warn'), fail: count('fail') };
}
