import { readActivationTags, type Tag } from './activation-request';
import { SITE_LABEL } from './bot-labels';
import { COMPUTE_TYPE_LABEL } from './facts';

/** Where an edge host stands, from first activation to removal. */
export type HostStatus =
  | 'activation-pending'
  | 'activation-expired'
  | 'left-pool'
  | 'registered'
  | 'joined'
  | 'not-ready'
  | 'deregistered';

export const HOST_STATUSES: readonly HostStatus[] = [
  'activation-pending',
  'activation-expired',
  'left-pool',
  'registered',
  'joined',
  'not-ready',
  'deregistered',
];

export interface HostStatusInput {
  /** Epoch milliseconds; absent for IAM Roles Anywhere hosts. */
  activationExpiresAt?: number;
  managedInstanceId?: string;
  node?: { name: string; ready: boolean };
  deregistered: boolean;
  auth?: 'ssm' | 'iam-ra';
  /** Registered with `--join`: the host was to join the cluster at once, outside any pool. */
  join?: boolean;
  /** The pool it left (remove, cutover, delete): its activation is used, it needs a new one. */
  leftPool?: string;
}

export function deriveHostStatus(host: HostStatusInput, now: number): HostStatus {
  if (host.deregistered) return 'deregistered';
  if (host.node) return host.node.ready ? 'joined' : 'not-ready';
  if (host.managedInstanceId) return 'registered';
  // The bot cannot reach an IAM Roles Anywhere host: recording it is its whole registration, and a
  // pool joins it later. With --join it waits for its node, as an SSM host waits for its activation.
  if (host.auth === 'iam-ra' && !host.join) return 'registered';
  // Its activation registered it once already: it can register nothing again, expired or not.
  if (host.leftPool) return 'left-pool';
  if (host.activationExpiresAt !== undefined && now >= host.activationExpiresAt) return 'activation-expired';
  return 'activation-pending';
}

/** One inventory entry, as stored: the facts a status is derived from. */
export interface StoredHost {
  name: string;
  cluster: string;
  site: string;
  auth: 'ssm' | 'iam-ra';
  ip?: string;
  arch?: 'amd64' | 'arm64';
  requestedBy?: string;
  activationId?: string;
  activationExpiresAt?: number;
  managedInstanceId?: string;
  node?: { name: string; ready: boolean };
  deregistered: boolean;
  /** Registered with `--join` (one step); absent when a pool is to join the host. */
  join?: boolean;
  /** Registered again after its re-image in a rollout of this pool, which joins it again. */
  rejoinsPool?: string;
  /** The pool it left, until it registers again with a new activation. */
  leftPool?: string;
}

/** An inventory entry as read: its status derived from its facts at the time of reading. */
export interface HostRecord extends StoredHost {
  status: HostStatus;
}

/** From SSM DescribeActivations. */
export interface ActivationFacts {
  activationId: string;
  expiresAt: number;
  tags: Tag[];
}

/** From SSM DescribeInstanceInformation plus the instance's tags (copied from its activation). */
export interface ManagedInstanceFacts {
  instanceId: string;
  activationId?: string;
  ipAddress?: string;
  tags: Tag[];
}

export interface InventoryNode {
  name: string;
  ready: boolean;
  labels: Record<string, string>;
}

export interface ReconcileInput {
  cluster: string;
  existing: readonly HostRecord[];
  activations: readonly ActivationFacts[];
  managedInstances: readonly ManagedInstanceFacts[];
  /** The cluster's nodes; only hybrid ones are considered. */
  nodes: readonly InventoryNode[];
  now: number;
}

const CREDENTIAL_LABEL = 'eks.amazonaws.com/hybrid-credential-provider';

/**
 * Rebuilds one cluster's inventory from what SSM and Kubernetes know, keeping what only the bot
 * knows (IP, architecture, requester). Lists must be complete: a managed instance missing from
 * them counts as deregistered. Records with undefined fields dropped, so they store as plain JSON.
 */
export function reconcileInventory(input: ReconcileInput): HostRecord[] {
  const hosts = new Map<string, HostRecord>();
  for (const record of input.existing) {
    if (record.cluster === input.cluster) hosts.set(record.name, { ...record });
  }
  const upsert = (name: string, site: string): HostRecord => {
    const found = hosts.get(name);
    if (found) return found;
    const created: HostRecord = {
      name,
      cluster: input.cluster,
      site,
      auth: 'ssm',
      deregistered: false,
      status: 'activation-pending',
    };
    hosts.set(name, created);
    return created;
  };

  for (const activation of input.activations) {
    const tags = readActivationTags(activation.tags);
    if (tags?.cluster !== input.cluster) continue;
    const host = upsert(tags.host, tags.site);
    if (host.deregistered && host.activationId !== activation.activationId) {
      // The name was registered again after it was removed: start over.
      Object.assign(host, { deregistered: false, managedInstanceId: undefined, node: undefined });
    }
    host.activationId = activation.activationId;
    host.activationExpiresAt = activation.expiresAt;
    host.requestedBy ??= tags.requestedBy || undefined;
  }

  const liveInstances = new Set(input.managedInstances.map((instance) => instance.instanceId));
  for (const instance of input.managedInstances) {
    const tags = readActivationTags(instance.tags);
    if (tags?.cluster !== input.cluster) continue;
    const host = upsert(tags.host, tags.site);
    if (host.managedInstanceId !== instance.instanceId) {
      Object.assign(host, { deregistered: false, node: undefined, managedInstanceId: instance.instanceId });
    }
    host.activationId ??= instance.activationId;
    host.ip ??= instance.ipAddress;
  }
  for (const host of hosts.values()) {
    if (host.managedInstanceId && !liveInstances.has(host.managedInstanceId)) host.deregistered = true;
  }

  const byInstance = new Map(
    [...hosts.values()].flatMap((h) => (h.managedInstanceId ? [[h.managedInstanceId, h] as const] : [])),
  );
  const seen = new Set<HostRecord>();
  for (const node of input.nodes) {
    if (node.labels[COMPUTE_TYPE_LABEL] !== 'hybrid') continue;
    // SSM nodes are named after their managed instance; IAM Roles Anywhere nodes after the host.
    const host =
      byInstance.get(node.name) ?? hosts.get(node.name) ?? upsert(node.name, node.labels[SITE_LABEL] ?? '');
    if (node.labels[CREDENTIAL_LABEL] === 'iam-ra') host.auth = 'iam-ra';
    // A removed host stays removed even while its node object lingers (uninstall does not delete it).
    host.node = { name: node.name, ready: node.ready };
    seen.add(host);
  }

  return [...hosts.values()]
    .map((host) => {
      const record = withoutUndefined({ ...host, node: seen.has(host) ? host.node : undefined });
      return { ...record, status: deriveHostStatus(record, input.now) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function withoutUndefined(record: HostRecord): HostRecord {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as unknown as HostRecord;
}
