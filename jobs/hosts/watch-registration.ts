import type { BackgroundJobName, WatchRegistrationData } from '../../src/background-jobs';
import { activationExpiredMessage, nodeNotJoinedMessage } from '../../src/blocks/hosts/registration-notices';
import type { SlackMessage } from '../../src/blocks/types';
import type { KubeNode, Ssm } from '../../src/cloud-ports';
import { COMPUTE_TYPE_LABEL } from '../../src/domain/facts';
import { withNode } from '../../src/domain/host-nodes';
import { deriveHostStatus, type HostRecord } from '../../src/domain/host-status';
import { clusterConfig } from '../cluster/cluster-info';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { announce, labelHostNode } from './host-notices';

export const WATCH_REGISTRATION = 'host-watch' satisfies BackgroundJobName;

type WatchData = WatchRegistrationData;

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
  await deps.background.start(WATCH_REGISTRATION, data, id, { delayMs });
}

/**
 * Polls SSM for the managed instance of the activation (or, with --join, Kubernetes for the IAM Roles
 * Anywhere node) with backoff, until the host shows up or the activation expires; then, for an SSM
 * host registered with --join, for the node named after its managed instance, for a day after it
 * registered (without --join a pool joins it later). A reconcile or
 * the monitor may learn of the registration or the join first: the notices still go out, once.
 */
export const watchRegistration: BackgroundProcessor<'host-watch'> = async (job, deps) => {
  const data = job.data;
  const inventory = deps.stores.inventory;
  const record = await inventory.get(data.cluster, data.host);
  // A host that left a pool registered with this activation once already: nothing left to watch.
  if (!record || record.deregistered || record.leftPool || record.activationId !== data.activationId)
    return { outcome: 'superseded' };
  if (data.instanceId) return watchJoin(deps, data, record);
  const now = deps.clock.now();
  const cluster = clusterConfig(deps, data.cluster);
  const clients = deps.cloud.forCluster(cluster);

  if (data.activationId) {
    const instanceId =
      record.managedInstanceId ??
      (await clients.ssm.describeInstances({ activationIds: [data.activationId] }))[0]?.instanceId;
    if (instanceId) {
      if (!record.managedInstanceId) {
        const next = { ...record, managedInstanceId: instanceId };
        await inventory.put({ ...next, status: deriveHostStatus(next, now) });
      }
      await announce(deps, cluster.channel, record, { kind: 'registered', instanceId });
      // Without --join the host is done: a pool joins it later. With it, its node is awaited.
      if (record.join) await watchForNode(deps, data, instanceId, now);
      return { outcome: 'registered', instanceId };
    }
  } else {
    const node = await clients.kube.getNode(data.host);
    if (node && node.labels[COMPUTE_TYPE_LABEL] === 'hybrid') {
      await recordJoin(deps, record, node);
      return { outcome: 'joined' };
    }
  }

  if (now >= data.watchUntil && !data.activationId) {
    await tell(deps, cluster.channel, nodeNotJoinedMessage(record));
    await audit(deps, data, cluster.channel, 'node not joined in time');
    return { outcome: 'not joined' };
  }
  if (now >= data.watchUntil && data.activationId && (await activationUsed(clients.ssm, data.activationId))) {
    // The host registered (and has since been deregistered): the activation did not expire unused.
    return { outcome: 'registered before' };
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

async function activationUsed(ssm: Pick<Ssm, 'describeActivations'>, activationId: string) {
  const [activation] = await ssm.describeActivations({ activationIds: [activationId] });
  return (activation?.registrationsCount ?? 0) > 0;
}

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
    await recordJoin(deps, record, node);
    return { outcome: 'joined' };
  }
  if (deps.clock.now() >= data.watchUntil) return { outcome: 'not joined' };
  await schedule(deps, { ...data, attempt: data.attempt + 1 });
  return { outcome: 'waiting for the node' };
}

/** The node is there: the inventory and the channel hear of it once, and the node gets its site label. */
async function recordJoin(deps: CommandDeps, record: HostRecord, node: KubeNode): Promise<void> {
  const cluster = clusterConfig(deps, record.cluster);
  const next = withNode(record, node, deps.clock.now());
  if (next) await deps.stores.inventory.put(next);
  await announce(deps, cluster.channel, record, {
    kind: 'joined',
    nodeName: node.name,
    ...(node.createdAt !== undefined ? { nodeCreatedAt: node.createdAt } : {}),
  });
  const problem = await labelHostNode(deps.cloud.forCluster(cluster).kube, record, node);
  if (problem) deps.log.warn({ cluster: record.cluster, host: record.name }, problem);
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
