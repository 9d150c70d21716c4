import { SITE_LABEL } from './bot-labels';
import { COMPUTE_TYPE_LABEL, type NodeFacts } from './facts';
import { deriveHostStatus, type HostRecord } from './host-status';

/** What the channel hears about a host, once each: it registered with SSM, its node joined. */
export type HostNotice =
  | { kind: 'registered'; instanceId: string }
  | { kind: 'joined'; nodeName: string; nodeCreatedAt?: number };

type HostNode = Pick<NodeFacts, 'name' | 'ready' | 'labels' | 'createdAt'>;

/** The host's node: SSM nodes are named after the managed instance, IAM Roles Anywhere nodes after the host. */
export function nodeOfHost<N extends HostNode>(
  host: HostRecord,
  nodesByName: ReadonlyMap<string, N>,
): N | undefined {
  const name = host.managedInstanceId ?? (host.auth === 'iam-ra' ? host.name : undefined);
  const node = name === undefined ? undefined : nodesByName.get(name);
  return node?.labels[COMPUTE_TYPE_LABEL] === 'hybrid' ? node : undefined;
}

/** The notices a change from `before` to `after` calls for; none for a removed host. */
export function hostNotices(
  before: HostRecord,
  after: HostRecord,
  node?: Pick<HostNode, 'name' | 'createdAt'>,
): HostNotice[] {
  if (after.deregistered) return [];
  const notices: HostNotice[] = [];
  if (after.managedInstanceId && after.managedInstanceId !== before.managedInstanceId) {
    notices.push({ kind: 'registered', instanceId: after.managedInstanceId });
  }
  if (after.node && after.node.name !== before.node?.name) {
    const createdAt = node?.name === after.node.name ? node.createdAt : undefined;
    notices.push({
      kind: 'joined',
      nodeName: after.node.name,
      ...(createdAt !== undefined ? { nodeCreatedAt: createdAt } : {}),
    });
  }
  return notices;
}

/**
 * The host's record with its node as the cluster shows it now, or undefined when nothing changed.
 * A node that went away leaves the host registered (uninstall does not delete the Node object,
 * but a deleted one means the host no longer runs a node).
 */
export function withNode(host: HostRecord, node: HostNode | undefined, now: number): HostRecord | undefined {
  if (host.deregistered) return undefined;
  const current = node ? { name: node.name, ready: node.ready } : undefined;
  if (current?.name === host.node?.name && current?.ready === host.node?.ready) return undefined;
  const { node: _old, ...rest } = host;
  const next: HostRecord = current ? { ...rest, node: current } : rest;
  return { ...next, status: deriveHostStatus(next, now) };
}

/** The site label a host's node lacks (nodes that joined before the bot labelled them), if any. */
export function missingSiteLabel(
  host: HostRecord,
  node: Pick<HostNode, 'labels'>,
): Record<string, string> | undefined {
  if (host.deregistered || !host.site || node.labels[SITE_LABEL] !== undefined) return undefined;
  return { [SITE_LABEL]: host.site };
}
