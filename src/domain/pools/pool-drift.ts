import { POOL_LABEL } from '../bot-labels';
import { taintIdentity } from './pool-metadata';

/** A node as the pool checks read it. */
export interface PoolNode {
  name: string;
  labels: Record<string, string>;
  /** `key[=value]:Effect`, as kubelet's flag writes them. */
  taints: string[];
  /** e.g. v1.31.4-eks-… */
  kubeletVersion: string;
}

/** What a pool wants of its nodes, and which host runs as which node. */
export interface PoolWanted {
  name: string;
  kubernetesVersion: string;
  labels: Record<string, string>;
  taints: string[];
  /** host name → node name, for the pool's members. */
  members: Record<string, string | undefined>;
}

export type PoolDrift =
  | { kind: 'version'; node: string; running: string; wanted: string }
  | { kind: 'labels'; node: string; missing: string[]; wrong: string[] }
  | { kind: 'taints'; node: string; missing: string[]; extra: string[] }
  | { kind: 'host-not-a-node'; host: string }
  | { kind: 'stray-node'; node: string };

/** `v1.31.4-eks-abc` → `1.31`. */
export function kubeletMinor(version: string): string {
  return /^v?(\d+\.\d+)/.exec(version)?.[1] ?? version;
}

/**
 * How a pool's nodes differ from what it wants: a node at another Kubernetes minor, with labels
 * or taints missing or different, a member host that is no longer a node, or a node that carries
 * the pool's membership label without being one of its members.
 */
export function poolDrift(pool: PoolWanted, nodes: readonly PoolNode[]): PoolDrift[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const memberNodes = new Set<string>();
  const drift: PoolDrift[] = [];
  const wantedLabels: Record<string, string> = { ...pool.labels, [POOL_LABEL]: pool.name };
  for (const [host, nodeName] of Object.entries(pool.members).sort(([a], [b]) => a.localeCompare(b))) {
    const node = nodeName ? byName.get(nodeName) : undefined;
    if (!node) {
      drift.push({ kind: 'host-not-a-node', host });
      continue;
    }
    memberNodes.add(node.name);
    const running = kubeletMinor(node.kubeletVersion);
    if (running !== pool.kubernetesVersion) {
      drift.push({ kind: 'version', node: node.name, running, wanted: pool.kubernetesVersion });
    }
    const missing = Object.keys(wantedLabels).filter((k) => !(k in node.labels));
    const wrong = Object.keys(wantedLabels).filter(
      (k) => k in node.labels && node.labels[k] !== wantedLabels[k],
    );
    if (missing.length + wrong.length > 0) drift.push({ kind: 'labels', node: node.name, missing, wrong });
    const have = new Set(node.taints);
    const want = new Set(pool.taints);
    // A taint the node has under the same key and effect but another value counts as missing and extra.
    const missingTaints = pool.taints.filter((t) => !have.has(t));
    const extra = node.taints.filter(
      (t) => !want.has(t) && pool.taints.some((w) => taintIdentity(w) === taintIdentity(t)),
    );
    if (missingTaints.length + extra.length > 0) {
      drift.push({ kind: 'taints', node: node.name, missing: missingTaints, extra });
    }
  }
  for (const node of nodes) {
    if (node.labels[POOL_LABEL] === pool.name && !memberNodes.has(node.name)) {
      drift.push({ kind: 'stray-node', node: node.name });
    }
  }
  return drift;
}

/** One line per drift, as `pool show` and the monitor's alert say it. */
export function describePoolDrift(pool: string, d: PoolDrift): string {
  switch (d.kind) {
    case 'version':
      return `node ${d.node} runs Kubernetes ${d.running}; pool ${pool} wants ${d.wanted}`;
    case 'labels':
      return `node ${d.node}: labels ${[...d.missing.map((k) => `${k} missing`), ...d.wrong.map((k) => `${k} different`)].join(', ')}`;
    case 'taints':
      return `node ${d.node}: taints ${[...d.missing.map((t) => `${t} missing`), ...d.extra.map((t) => `${t} not the pool's`)].join(', ')}`;
    case 'host-not-a-node':
      return `host ${d.host} is in pool ${pool} but no node runs on it`;
    case 'stray-node':
      return `node ${d.node} carries pool ${pool}'s label but is not one of its hosts`;
  }
}

/** Pool membership as the cluster records it (each node's pool label): what a wiped Redis is rebuilt from. */
export function membershipFromNodes(nodes: readonly PoolNode[]): Record<string, string[]> {
  const pools: Record<string, string[]> = {};
  for (const n of nodes) {
    const pool = n.labels[POOL_LABEL];
    if (pool) pools[pool] = [...(pools[pool] ?? []), n.name];
  }
  for (const names of Object.values(pools)) names.sort();
  return pools;
}
