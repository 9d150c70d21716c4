import { doctorHostsMessage } from '../../src/blocks/monitoring/doctor-hosts-message';
import type { InvocationResult } from '../../src/cloud-ports';
import { parseHostFacts } from '../../src/domain/diagnostics/host-facts-script';
import {
  FACT_COLLECTION_LIMIT_MS,
  type HostFactsPollData,
  nextFactLookMs,
} from '../../src/domain/host-facts/fact-collection';
import { hostFactProblems } from '../../src/domain/host-facts/host-fact-rules';
import { type HostFactName, type HostFacts, hostLabel } from '../../src/domain/host-facts/host-facts';
import { replyTo } from '../../src/ports';
import { clusterConfig } from '../cluster/cluster-info';
import type { BackgroundProcessor, CommandDeps } from '../job-context';

const FINISHED = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

/** The facts only the Run Command reads (SSM's inventory and the node tell the others). */
const COLLECTED: readonly HostFactName[] = [
  'osRelease',
  'nodeadm',
  'containerd',
  'swapOn',
  'clockOffsetSeconds',
  'clockSynchronized',
];

/**
 * Reads the fact collection's results, one ListCommandInvocations page per 50 hosts; records what
 * every finished host printed, and looks again later (without holding a worker) until every command
 * finished or the time is up; then reports.
 */
export const hostFactsPoll: BackgroundProcessor<'host-facts-poll'> = async (job, deps) => {
  const data = job.data;
  const cluster = clusterConfig(deps, data.cluster);
  const { ssm } = deps.cloud.forCluster(cluster);
  const now = deps.clock.now();
  const timeUp = now - data.sentAt >= FACT_COLLECTION_LIMIT_MS;
  const known = await deps.stores.hostFacts.list(cluster.name);
  const pending: string[] = [];
  const failed = [...data.failed];
  const readings: HostFacts[] = [];
  for (const commandId of data.pending) {
    const results = await ssm.listCommandResults(commandId);
    const finished = results.length > 0 && results.every((r) => FINISHED.has(r.status));
    if (!finished && !timeUp) {
      pending.push(commandId);
      continue;
    }
    for (const r of results) {
      const reading = r.status === 'Success' ? factsOf(r, known.get(r.instanceId), now) : undefined;
      if (reading) readings.push(reading);
      else failed.push(r.instanceId);
    }
  }
  await deps.stores.hostFacts.record(cluster.name, readings);
  const next: HostFactsPollData = { ...data, pending, failed, attempt: data.attempt + 1 };
  if (pending.length > 0) {
    await deps.background.start(
      'host-facts-poll',
      next,
      `${String(job.id).replace(/-\d+$/, '')}-${next.attempt}`,
      {
        delayMs: nextFactLookMs(next.attempt),
      },
    );
    return { waiting: pending.length };
  }
  await reportHostFacts(deps, next);
  return { read: readings.length, failed: failed.length };
};

function factsOf(r: InvocationResult, stored: HostFacts | undefined, at: number): HostFacts | undefined {
  if (!stored) return undefined;
  const f = parseHostFacts(r.output);
  const fact = <T>(value: T | undefined) => (value === undefined ? {} : { value, at });
  const put = <K extends string, T>(k: K, value: T | undefined) =>
    value === undefined ? {} : ({ [k]: fact(value) } as Record<K, { value: T; at: number }>);
  return {
    instanceId: stored.instanceId,
    cluster: stored.cluster,
    host: stored.host,
    ...(stored.site ? { site: stored.site } : {}),
    ...put('kernel', f.kernel),
    ...put('osRelease', f.os),
    ...put('nodeadm', f.nodeadm),
    ...put('containerd', f.containerd),
    ...put('swapOn', f.swapOn),
    ...put('clockOffsetSeconds', f.clockOffsetSeconds),
    ...put('clockSynchronized', f.clockSynchronized),
  };
}

/** The report: one line per problem over every host the run covered, then who could not be read. */
export async function reportHostFacts(deps: CommandDeps, data: HostFactsPollData): Promise<void> {
  const facts = await deps.stores.hostFacts.list(data.cluster);
  const label = (id: string) => {
    const f = facts.get(id);
    return f ? hostLabel(f) : id;
  };
  // Read by this run: a collected fact newer than the commands. Any other target did not answer.
  const fresh = (f: HostFacts | undefined) =>
    f !== undefined && COLLECTED.some((k) => (f[k]?.at ?? -1) >= data.sentAt);
  const read = data.targets.filter((id) => fresh(facts.get(id)));
  const unanswered = data.targets.filter((id) => !fresh(facts.get(id)));
  const problems = [...data.targets, ...data.unreachable].flatMap((id) => {
    const f = facts.get(id);
    return f ? hostFactProblems(f, { cilium118: data.cilium118 }) : [];
  });
  await deps.outbox.send(
    replyTo(
      data.request,
      doctorHostsMessage({
        cluster: data.cluster,
        read: read.length,
        sent: data.targets.length,
        commands: data.commands,
        problems,
        unreachable: data.unreachable.map(label),
        unanswered: unanswered.map(label),
        checkedAt: deps.clock.now(),
      }),
      'in_channel',
    ),
    { jobId: `reply-host-facts-${data.request.requestId}` },
  );
}
