import type { PoolDefinition } from './pool-annotations';
import { describePoolDrift, type PoolDrift, type PoolNode, poolDrift } from './pool-drift';
import { type ProfileVersionFacts, poolUpdates } from './pool-updates';

/** A node as a pool's reading needs it: the drift checks' view plus whether it is Ready. */
export interface PoolViewNode extends PoolNode {
  ready: boolean;
}

export interface PoolMemberView {
  host: string;
  /** Absent when the host runs no node (it is drift then). */
  node?: { name: string; ready: boolean; kubeletVersion: string; labelsMatch: boolean; taintsMatch: boolean };
  lastChange?: { at: number; what: string };
}

/** One pool as `pools`, `pool show`, `status`, the Home tab and the monitor read it. */
export interface PoolView {
  cluster: string;
  name: string;
  profile: { name: string; version: string };
  /** The profile version's Kubernetes minor; absent when that version is not in the bot's store. */
  kubernetesVersion?: string;
  /** The newest newer version of the pool's profile a rollout would accept: "updates available". */
  updateAvailable?: string;
  /** The newest version of the pool's profile, when a rollout would refuse it, and why. */
  updateBlocked?: { version: string; why: string };
  members: PoolMemberView[];
  nodesReady: number;
  nodesTotal: number;
  drift: PoolDrift[];
}

export interface PoolViewInput {
  pool: Pick<PoolDefinition, 'name' | 'profile' | 'labels' | 'taints'> & { cluster: string; hosts: string[] };
  /** Undefined when the profile version is not stored (e.g. not imported again after Redis was wiped). */
  kubernetesVersion: string | undefined;
  /** Every stored version of the pool's profile, with the Kubernetes minor it installs. */
  profileVersions: readonly ProfileVersionFacts[];
  /** The cluster's control plane version; undefined when it was not read (updates are then unchecked). */
  controlPlaneVersion?: string;
  /** host → the node it runs as, from the inventory. */
  hostNodes: Readonly<Record<string, string | undefined>>;
  /** The cluster's nodes (all of them: nodes claiming the pool outside it are drift too). */
  nodes: readonly PoolViewNode[];
  lastChanges: Readonly<Record<string, { at: number; what: string }>>;
}

/** `key=value:Effect` (or `key:Effect`), as kubelet's --register-with-taints and the pool store write taints. */
export function taintText(t: { key: string; value?: string; effect: string }): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

export function poolView(input: PoolViewInput): PoolView {
  const { pool } = input;
  const members = Object.fromEntries(pool.hosts.map((h) => [h, input.hostNodes[h]]));
  const drift = poolDrift(
    {
      name: pool.name,
      // Without the profile the wanted minor is unknown: the version check is left out, not failed.
      kubernetesVersion: input.kubernetesVersion ?? '',
      labels: pool.labels,
      taints: pool.taints,
      members,
    },
    input.nodes,
  ).filter((d) => d.kind !== 'version' || input.kubernetesVersion !== undefined);
  const byName = new Map(input.nodes.map((n) => [n.name, n]));
  const driftOf = (node: string, kind: PoolDrift['kind']) =>
    drift.some((d) => d.kind === kind && 'node' in d && d.node === node);
  const memberViews: PoolMemberView[] = [...pool.hosts].sort().map((host) => {
    const name = members[host];
    const node = name ? byName.get(name) : undefined;
    const lastChange = input.lastChanges[host];
    return {
      host,
      ...(node
        ? {
            node: {
              name: node.name,
              ready: node.ready,
              kubeletVersion: node.kubeletVersion,
              labelsMatch: !driftOf(node.name, 'labels'),
              taintsMatch: !driftOf(node.name, 'taints'),
            },
          }
        : {}),
      ...(lastChange ? { lastChange } : {}),
    };
  });
  const nodes = memberViews.flatMap((m) => (m.node ? [m.node] : []));
  const updates = poolUpdates(pool.profile.version, input.profileVersions, input.controlPlaneVersion);
  return {
    cluster: pool.cluster,
    name: pool.name,
    profile: pool.profile,
    ...(input.kubernetesVersion !== undefined ? { kubernetesVersion: input.kubernetesVersion } : {}),
    ...(updates.available ? { updateAvailable: updates.available } : {}),
    ...(updates.blocked ? { updateBlocked: updates.blocked } : {}),
    members: memberViews,
    nodesReady: nodes.filter((n) => n.ready).length,
    nodesTotal: nodes.length,
    drift,
  };
}

/** A pool with drift, in one line's worth: what `status`, the Home tab and the alert show. */
export interface PoolDriftSummary {
  pool: string;
  count: number;
  /** Every drift in plain words (describePoolDrift). */
  lines: string[];
}

export function poolDriftSummaries(views: readonly PoolView[]): PoolDriftSummary[] {
  return views
    .filter((v) => v.drift.length > 0)
    .map((v) => ({
      pool: v.name,
      count: v.drift.length,
      lines: v.drift.map((d) => describePoolDrift(v.name, d)),
    }));
}
