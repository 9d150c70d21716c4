import { HostInventory } from '../../src/adapters/redis/inventory';
import {
  activationExpiredMessage,
  hostJoinedNotice,
  hostRegisteredNotice,
  nodeNotJoinedMessage,
} from '../../src/blocks/hosts/registration-notices';
import type { SlackMessage } from '../../src/blocks/types';
import { COMPUTE_TYPE_LABEL } from '../../src/domain/facts';
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
  /** Set once the host registered: the watch now waits for the node of this managed instance. */
  instanceId?: string;
}

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;
/** A registered host may take a while to run nodeadm init: poll its node less often, for a day. */
const MAX_JOIN_DELAY_MS = 300_000;
export const JOIN_WATCH_MS = 24 * 3_600_000;

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
  const delayMs = Math.min(
    FIRST_DELAY_MS * 1.6 ** data.attempt,
    data.instanceId ? MAX_JOIN_DELAY_MS : MAX_DELAY_MS,
  );
  const phase = data.instanceId ? `join-${data.instanceId}` : (data.activationId ?? 'ra');
  const id = `watch-${data.cluster}-${data.host}-${phase}-${data.attempt}`;
  await deps.background.start(WATCH_REGISTRATION, { ...data }, id, { delayMs });
}

/**
 * Polls SSM for the managed instance of the activation (or Kubernetes for the IAM Roles Anywhere
 * node) with backoff, until the host shows up or the activation expires; then, for an SSM host,
 * for the node named after its managed instance, for a day after it registered.
 */
export const watchRegistration: BackgroundProcessor = async (job, deps) => {
  const data = job.data as WatchData;
  const inventory = new HostInventory(deps.redis);
  const record = await inventory.get(data.cluster, data.host);
  if (!record || record.deregistered || record.activationId !== data.activationId)
    return { outcome: 'superseded' };
  if (data.instanceId) return watchJoin(deps, data, record);
  if (record.node) return { outcome: 'already joined' };
  const now = deps.clock.now();
  if (record.managedInstanceId) {
    // A reconcile saw the registration first: go on to wait for the node.
    await watchForNode(deps, data, record.managedInstanceId, now);
    return { outcome: 'already registered' };
  }
  const cluster = clusterConfig(deps, data.cluster);
  const clients = deps.cloud.forCluster(cluster);

  if (data.activationId) {
    const [instance] = await clients.ssm.describeInstances({ activationIds: [data.activationId] });
    if (instance) {
      const next = { ...record, managedInstanceId: instance.instanceId };
      await inventory.put({ ...next, status: deriveHostStatus(next, now) });
      await tell(deps, cluster.channel, hostRegisteredNotice(record, instance.instanceId));
      await audit(deps, data, cluster.channel, 'registered', instance.instanceId);
      await watchForNode(deps, data, instance.instanceId, now);
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

function watchForNode(deps: CommandDeps, data: WatchData, instanceId: string, registeredAt: number) {
  return schedule(deps, { ...data, instanceId, watchUntil: registeredAt + JOIN_WATCH_MS, attempt: 0 });
}

/** A registered SSM host: its node (named after the managed instance) joining ends the watch. */
async function watchJoin(deps: CommandDeps, data: WatchData, record: HostRecord): Promise<unknown> {
  const instanceId = String(data.instanceId);
  if (record.managedInstanceId !== instanceId) return { outcome: 'superseded' };
  const cluster = clusterConfig(deps, data.cluster);
  const node = await deps.cloud.forCluster(cluster).kube.getNode(instanceId);
  if (node && node.labels[COMPUTE_TYPE_LABEL] === 'hybrid') {
    // Written again only if a reconcile has not recorded the node already.
    if (!record.node) {
      const next = { ...record, node: { name: node.name, ready: node.ready } };
      await new HostInventory(deps.redis).put({ ...next, status: deriveHostStatus(next, deps.clock.now()) });
    }
    await deps.outbox.send(
      { kind: 'post', channel: cluster.channel, ...hostJoinedNotice(record, node.name) },
      { jobId: `joined-${data.cluster}-${data.host}-${instanceId}` },
    );
    await audit(deps, data, cluster.channel, 'joined', node.name);
    return { outcome: 'joined' };
  }
  if (deps.clock.now() >= data.watchUntil) return { outcome: 'not joined' };
  await schedule(deps, { ...data, attempt: data.attempt + 1 });
  return { outcome: 'waiting for the node' };
}

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
