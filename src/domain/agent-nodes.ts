import {
  type ClusterFacts,
  COMPUTE_TYPE_LABEL,
  NODEGROUP_LABEL,
  type NodeFacts,
  type NodegroupFacts,
} from './facts';
import { GIB, parseQuantity } from './quantity';

/** The management agent needs a cloud worker of t3.xlarge capacity or more, with at least 20 GB disk. */
export const AGENT_MIN_CPU = 4;
// A 16 GiB instance reports about 15.3 GiB of memory capacity (firmware and kernel keep the rest).
export const AGENT_MIN_MEMORY_BYTES = 15 * GIB;
export const AGENT_MIN_DISK_GIB = 20;
// A 20 GiB root volume shows as about 19.9 GiB of ephemeral storage when no node group reports diskSize.
const MIN_EPHEMERAL_BYTES = 19 * GIB;

export interface AgentNodeAssessment {
  node: NodeFacts;
  nodegroup?: NodegroupFacts;
  /** Why the node cannot host the agent; empty when it can (Ready or not). */
  shortfalls: string[];
}

/** Cloud workers only: the agent cannot run on hybrid or Fargate nodes. */
export function isCloudWorker(node: NodeFacts): boolean {
  const computeType = node.labels[COMPUTE_TYPE_LABEL];
  return computeType !== 'hybrid' && computeType !== 'fargate';
}

export function assessAgentNode(node: NodeFacts, nodegroups: readonly NodegroupFacts[]): AgentNodeAssessment {
  const nodegroup = nodegroups.find((group) => group.name === node.labels[NODEGROUP_LABEL]);
  const shortfalls: string[] = [];
  const cpu = parseQuantity(node.capacity.cpu);
  if (cpu === undefined || cpu < AGENT_MIN_CPU)
    shortfalls.push(`${node.capacity.cpu} vCPU (needs ${AGENT_MIN_CPU})`);
  const memory = parseQuantity(node.capacity.memory);
  if (memory === undefined || memory < AGENT_MIN_MEMORY_BYTES) {
    shortfalls.push(`${formatGib(memory)} memory (needs 16 GiB)`);
  }
  if (nodegroup?.diskSize !== undefined) {
    if (nodegroup.diskSize < AGENT_MIN_DISK_GIB) {
      shortfalls.push(`${nodegroup.diskSize} GB disk (needs ${AGENT_MIN_DISK_GIB})`);
    }
  } else {
    const storage = parseQuantity(node.capacity.ephemeralStorage);
    if (storage === undefined || storage < MIN_EPHEMERAL_BYTES) {
      shortfalls.push(`${formatGib(storage)} disk (needs ${AGENT_MIN_DISK_GIB} GB)`);
    }
  }
  return { node, shortfalls, ...(nodegroup ? { nodegroup } : {}) };
}

/** Cloud workers with the capacity to host the management agent, Ready or not. */
export function qualifyingAgentNodes(
  facts: Pick<ClusterFacts, 'nodes' | 'nodegroups'>,
): AgentNodeAssessment[] {
  return facts.nodes
    .filter(isCloudWorker)
    .map((node) => assessAgentNode(node, facts.nodegroups))
    .filter((assessment) => assessment.shortfalls.length === 0);
}

function formatGib(bytes: number | undefined): string {
  return bytes === undefined ? 'unknown' : `${(bytes / GIB).toFixed(1)} GiB`;
}
