import { hostJoinedNotice, hostRegisteredNotice } from '../../src/blocks/hosts/registration-notices';
import type { Kube } from '../../src/cloud-ports';
import { type HostNotice, missingSiteLabel } from '../../src/domain/host-nodes';
import type { HostRecord } from '../../src/domain/host-status';
import type { CommandDeps } from '../job-context';

type NoticeDeps = Pick<CommandDeps, 'stores' | 'outbox' | 'clock'> & Partial<Pick<CommandDeps, 'audit'>>;

/**
 * Posts "registered as mi-…" or "joined as node …" in the cluster's channel once, whichever of the
 * watcher, a reconcile (`hosts --refresh`, the periodic one) or the monitor learned of it first.
 * Returns whether this caller was the first (it also audits then).
 */
export async function announce(
  deps: NoticeDeps,
  channel: string,
  host: HostRecord,
  notice: HostNotice,
): Promise<boolean> {
  const id =
    notice.kind === 'registered' ? notice.instanceId : `${notice.nodeName}@${notice.nodeCreatedAt ?? 0}`;
  const noticeKey = `${host.cluster}:${host.name}:${notice.kind}:${id}`;
  const ledger = deps.stores.notices;
  const claim = await ledger.claim(noticeKey);
  if (claim === 'sent') return false;
  const message =
    notice.kind === 'registered'
      ? hostRegisteredNotice(host, notice.instanceId)
      : hostJoinedNotice(host, notice.nodeName);
  // A claim whose send was never confirmed (a crash in between) is sent again under the same job
  // ID, which the queue keeps for an hour and adds once.
  await deps.outbox.send({ kind: 'post', channel, ...message }, { jobId: `notice-${noticeKey}` });
  await ledger.sent(noticeKey);
  if (claim === 'first' && deps.audit) {
    await deps.audit.append({
      at: deps.clock.now(),
      user: host.requestedBy ?? 'hybrid-bot',
      channel,
      command: `host ${host.name} (${host.cluster})`,
      outcome: notice.kind,
      detail: notice.kind === 'registered' ? notice.instanceId : notice.nodeName,
    });
  }
  return claim === 'first';
}

/**
 * Puts the host's site label on its node when the node lacks it (it joined with a NodeConfig that
 * had none, or someone removed it), so status and alerts group it by site. Returns the problem, if any:
 * a node the bot may not label still counts, under the site "unknown".
 */
export async function labelHostNode(
  kube: Pick<Kube, 'patchNodeLabels'>,
  host: HostRecord,
  node: { name: string; labels: Record<string, string> },
): Promise<string | undefined> {
  const labels = missingSiteLabel(host, node);
  if (!labels) return undefined;
  try {
    await kube.patchNodeLabels(node.name, labels);
    return undefined;
  } catch (err) {
    return `Could not label node ${node.name} with its site ${host.site}: ${(err as Error).message}`;
  }
}
