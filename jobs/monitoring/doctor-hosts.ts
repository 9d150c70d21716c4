import type { Job } from 'bullmq';
import type { BackgroundJobName } from '../../src/background-jobs';
import type { ClusterConfig } from '../../src/config/schema';
import { readRunningCni } from '../../src/domain/cni/cni-running';
import {
  factBatches,
  factCommandComment,
  type HostFactsPollData,
  nextFactLookMs,
} from '../../src/domain/host-facts/fact-collection';
import { type Cilium118, ciliumNeedsNewKernel } from '../../src/domain/host-facts/host-fact-rules';
import type { CommandJobData } from '../../src/job-data';
import { readCniObjects } from '../cluster/read-cni';
import type { CommandDeps } from '../job-context';
import { reportHostFacts } from './host-facts-poll';
import { sendFactBatch } from './send-fact-batch';
import { clusterSsmHosts, inventoryFacts } from './ssm-hosts';

export const HOST_FACTS_POLL = 'host-facts-poll' satisfies BackgroundJobName;

/**
 * `/hybrid doctor <cluster> --hosts`: SSM's inventory of every host of the cluster, then one fact
 * collection Run Command per 50 Online hosts; a background job reads the results later and reports.
 * Hosts whose agent is not Online get nothing: they are named as unreachable.
 */
export async function doctorHosts(
  job: Job<CommandJobData<'doctor'>>,
  deps: CommandDeps,
  cluster: ClusterConfig,
): Promise<unknown> {
  const now = deps.clock.now();
  const hosts = await clusterSsmHosts(deps, cluster);
  await deps.stores.hostFacts.record(
    cluster.name,
    hosts.map((h) => inventoryFacts(cluster.name, h, now)),
  );
  const online = hosts.filter((h) => h.instance?.pingStatus === 'Online').map((h) => h.instanceId);
  const unreachable = hosts.filter((h) => h.instance?.pingStatus !== 'Online').map((h) => h.instanceId);
  const cilium118 = await cilium118In(deps, cluster);
  const { ssm } = deps.cloud.forCluster(cluster);
  const requestId = job.data.request.requestId;
  const pending: string[] = [];
  const offline: string[] = [];
  for (const [i, ids] of factBatches(online).entries()) {
    const claim = await deps.stores.hostFacts.claimSend(requestId, i);
    const comment = factCommandComment(requestId, i);
    const found =
      typeof claim === 'object'
        ? claim.commandId
        : claim === 'unsure'
          ? await ssm.findCommand(ids[0] as string, comment)
          : undefined;
    const sent = found ? { commandId: found, offline: [] } : await sendFactBatch(ssm, ids, comment);
    offline.push(...sent.offline);
    if (!sent.commandId) continue;
    await deps.stores.hostFacts.sent(requestId, i, sent.commandId);
    pending.push(sent.commandId);
  }
  const data: HostFactsPollData = {
    cluster: cluster.name,
    request: job.data.request,
    sentAt: now,
    commands: pending.length,
    pending,
    targets: online.filter((id) => !offline.includes(id)),
    unreachable: [...unreachable, ...offline],
    failed: [],
    cilium118,
    attempt: 0,
  };
  if (pending.length === 0) {
    await reportHostFacts(deps, data);
    return { hosts: hosts.length, commands: 0 };
  }
  await deps.background.start(HOST_FACTS_POLL, data, `host-facts-${job.id}-0`, {
    delayMs: nextFactLookMs(0),
  });
  return { hosts: hosts.length, commands: pending.length, unreachable: unreachable.length };
}

/** Whether Cilium 1.18 or later runs in the cluster, is its recorded desired layer, or is on offer. */
async function cilium118In(deps: CommandDeps, cluster: ClusterConfig): Promise<Cilium118> {
  const [objects, desired] = await Promise.all([
    readCniObjects(deps.cloud.forCluster(cluster)),
    deps.stores.cniLayers.get(cluster.name),
  ]);
  const running = readRunningCni(objects).agent?.version;
  if (running && ciliumNeedsNewKernel(running)) return 'runs';
  if (desired && ciliumNeedsNewKernel(desired.chartVersion)) return 'planned';
  return deps.config.cilium.versions.some(ciliumNeedsNewKernel) ? 'offered' : 'no';
}
