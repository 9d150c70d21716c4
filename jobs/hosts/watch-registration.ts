import { HostInventory } from '../../src/adapters/redis/inventory';
import {
  activationExpiredMessage,
  hostJoinedNotice,
  hostRegisteredNotice,
  nodeNotJoinedMessage,
} from '../../src/blocks/hosts/registration-notices';
import type { SlackMessage } from '../../src/blocks/types';
import { deriveHostStatus, type HostRecord } from '../../src/domain/host-status';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { clusterConfig } from './cluster-info';

export const WATCH_REGISTRATION = 'host-watch';

interface WatchData {
  cluster: string;
  host: string;
  /** The activation being watched (SSM); a newer one for the same host ends this watch. */
  activationId?: string;
  requester: string;
  watchUntil: number;
  attempt: number;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;

export function expiredSlot(cluster: string, host: string, activationId?: string): string {
  return `host-expired-${cluster}-${host}-${activationId ?? 'ra'}`;
}

export async function startWatching(
  deps: Pick<CommandDeps, 'background'>,
  w: { record: HostRecord; requester: string; watchUntil: number },
): Promise<void> {
  const data: WatchData = {
    cluster: w.record.cluster,
    host: w.record.name,
    ...(w.record.activationId ? { activationId: w.record.activationId } : {}),
    requester: w.requester,
    watchUntil: w.watchUntil,
    attempt: 0,
  };
  await schedule(deps, data);
}

async function schedule(deps: Pick<CommandDeps, 'background'>, data: WatchData): Promise<void> {
  const delayMs = Math.min(FIRST_DELAY_MS * 1.6 ** data.attempt, MAX_DELAY_MS);
  const id = `watch-${data.cluster}-${data.host}-${data.activationId ?? 'ra'}-${data.attempt}`;
  await deps.background.start(WATCH_REGISTRATION, { ...data }, id, { delayMs });
}

/**
 * Polls SSM for the managed instance of the activation (or Kubernetes for the IAM Roles Anywhere
 * node) with backoff, until the host shows up or the activation expires.
 */
export const watchRegistration: BackgroundProcessor = async (job, deps) => {
  const data = job.data as WatchData;
  const inventory = new HostInventory(deps.redis);
  const record = await inventory.get(data.cluster, data.host);
  if (!record || record.deregistered || record.activationId !== data.activationId)
    return { outcome: 'superseded' };
  if (record.managedInstanceId || record.node) return { outcome: 'already registered' };
  const cluster = clusterConfig(deps, data.cluster);
  const clients = deps.cloud.forCluster(cluster);
  const now = deps.clock.now();

  if (data.activationId) {
    const [instance] = await clients.ssm.describeInstances({ activationIds: [data.activationId] });
    if (instance) {
      const next = { ...record, managedInstanceId: instance.instanceId };
      await inventory.put({ ...next, status: deriveHostStatus(next, now) });
      await tell(deps, cluster.channel, hostRegisteredNotice(record, instance.instanceId));
      await audit(deps, data, cluster.channel, 'registered', instance.instanceId);
      return { outcome: 'registered', instanceId: instance.instanceId };
    }
  } else {
    const node = await clients.kube.getNode(data.host);
    if (node) {
      const next = { ...record, node: { name: node.name, ready: node.ready } };
      await inventory.put({ ...next, status: deriveHostStatus(next, now) });
      await tell(deps, cluster.channel, hostJoinedNotice(record, node.name));
      await audit(deps, data, cluster.channel, 'joined', node.name);
      return { outcome: 'joined' };
    }
  }

  if (now >= data.watchUntil && !data.activationId) {
    await tell(deps, cluster.channel, nodeNotJoinedMessage(record));
    await audit(deps, data, cluster.channel, 'node not joined in time');
    return { outcome: 'not joined' };
  }
  if (now >= data.watchUntil) {
    const expired: HostRecord = {
      ...record,
      status: data.activationId ? 'activation-expired' : record.status,
    };
    await inventory.put(expired);
    await deps.outbox.send(
      {
        kind: 'post',
        channel: cluster.channel,
        slot: expiredSlot(data.cluster, data.host, data.activationId),
        ...activationExpiredMessage(expired),
      },
      { jobId: `expired-${data.cluster}-${data.host}-${data.activationId ?? 'ra'}` },
    );
    await audit(deps, data, cluster.channel, 'activation expired', data.activationId);
    return { outcome: 'expired' };
  }
  await schedule(deps, { ...data, attempt: data.attempt + 1 });
  return { outcome: 'waiting' };
};

async function tell(deps: CommandDeps, channel: string, message: SlackMessage): Promise<void> {
  await deps.outbox.send({ kind: 'post', channel, ...message });
}

async function audit(deps: CommandDeps, data: WatchData, channel: string, outcome: string, detail?: string) {
  await deps.audit.append({
    at: deps.clock.now(),
    user: data.requester,
    channel,
    command: `host ${data.host} (${data.cluster})`,
    outcome,
    detail,
  });
}
