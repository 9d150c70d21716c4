import { qualifyingAgentNodes } from './agent-nodes';
import { POOL_LABEL, SITE_LABEL, ZONE_LABEL } from './bot-labels';
import { isHybridNode, type MonitorFacts, type NodeFacts } from './facts';
import { hostLabel } from './host-names';

export interface ReadyCount {
  ready: number;
  total: number;
}

export interface Availability {
  agentNodes: { qualifyingReady: number; qualifyingTotal: number };
  /** running means phase Running and Ready. */
  /** undersized: the pod's node lacks the agent's capacity (it runs, but on a worker the doctor fails). */
  agentPod: { node?: string; running: boolean; undersized?: true };
  hybrid: {
    ready: number;
    notReady: number;
    byPool: Record<string, ReadyCount>;
    bySite: Record<string, ReadyCount>;
    /** The NotReady hybrid nodes by their host name and node name (see hostLabel); absent in old records. */
    notReadyHosts?: string[];
  };
  clusterStatus: string;
}

export const UNASSIGNED_POOL = 'unassigned';
export const UNKNOWN_SITE = 'unknown';

export function nodePool(node: NodeFacts): string {
  return node.labels[POOL_LABEL] ?? UNASSIGNED_POOL;
}

/**
 * The node's site from its labels, or undefined when not known: no label, an empty one, or one that
 * says "unknown". Nodes of unknown site are no site: they never make a site alert together.
 */
export function knownSite(node: NodeFacts): string | undefined {
  for (const label of [SITE_LABEL, ZONE_LABEL]) {
    const site = node.labels[label]?.trim();
    if (site && site.toLowerCase() !== UNKNOWN_SITE) return site;
  }
  return undefined;
}

/** The node's site for counting, "unknown" when not known. */
export function nodeSite(node: NodeFacts): string {
  return knownSite(node) ?? UNKNOWN_SITE;
}

function countBy(nodes: readonly NodeFacts[], key: (node: NodeFacts) => string): Record<string, ReadyCount> {
  const counts = new Map<string, ReadyCount>();
  for (const node of nodes) {
    const count = counts.get(key(node)) ?? { ready: 0, total: 0 };
    count.total += 1;
    if (node.ready) count.ready += 1;
    counts.set(key(node), count);
  }
  // fromEntries defines own properties, so a label value such as "__proto__" stays a plain key.
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function evaluateAvailability(facts: MonitorFacts): Availability {
  const qualifying = qualifyingAgentNodes(facts);
  const pods = facts.managementAgentPods;
  const pod = pods.find((p) => p.phase === 'Running' && p.ready) ?? pods.find((p) => p.nodeName) ?? pods[0];
  const hybrid = facts.nodes.filter(isHybridNode);
  const ready = hybrid.filter((node) => node.ready).length;
  return {
    agentNodes: {
      qualifyingReady: qualifying.filter((q) => q.node.ready).length,
      qualifyingTotal: qualifying.length,
    },
    agentPod: {
      ...(pod?.nodeName ? { node: pod.nodeName } : {}),
      running: pod !== undefined && pod.phase === 'Running' && pod.ready,
      ...(pod?.nodeName && !qualifying.some((q) => q.node.name === pod.nodeName)
        ? { undersized: true as const }
        : {}),
    },
    hybrid: {
      ready,
      notReady: hybrid.length - ready,
      byPool: countBy(hybrid, nodePool),
      bySite: countBy(hybrid, nodeSite),
      notReadyHosts: hybrid
        .filter((node) => !node.ready)
        .map((node) => hostLabel(node.name, facts.hostNames))
        .sort((a, b) => a.localeCompare(b)),
    },
    clusterStatus: facts.cluster.status,
  };
}
