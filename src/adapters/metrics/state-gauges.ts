import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import { HOST_STATUSES } from '../../domain/host-status';
import type { Logger } from '../../logger';
import type { Clock } from '../../ports';
import type { Queues } from '../queue/queues';
import type { Stores } from '../redis/stores';
import { PREFIX } from './bot-metrics';
import { readIntakeLag } from './intake-lag';
import { oldestJobAgeSeconds } from './queue-age';

/** The newest changes whose state is read per scrape: the live ones are among them. */
const CHANGES_READ = 1000;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

export interface StateSources {
  redis: Redis;
  queues: Queues;
  stores: Pick<Stores, 'changes' | 'alerts' | 'inventory' | 'pools' | 'clusterStatus' | 'clusters'>;
  clock: Clock;
  log: Logger;
  /** Whether this process's job workers run. */
  workersRunning: () => boolean;
}

type Sample = { labels: Record<string, string>; value: number };
type Snapshot = Record<string, Sample[]>;

/**
 * Gauges read from Redis when Prometheus scrapes, not kept up to date in between: the queues, the
 * intake stream, changes, alerts, hosts and pools as every worker process sees them (the same
 * values from each; a rule takes their max). One read serves every gauge of a scrape.
 */
export function registerStateGauges(registry: Registry, sources: StateSources): void {
  let last: { at: number; snapshot: Promise<Snapshot> } | undefined;
  const read = () => {
    const now = Date.now();
    // The gauges of one scrape are collected one after another: they share the read made for the first.
    if (!last || now - last.at > 500) {
      last = {
        at: now,
        snapshot: readState(sources).catch((err: unknown) => {
          sources.log.warn({ err }, 'could not read the state for the metrics');
          return {};
        }),
      };
    }
    return last.snapshot;
  };
  const gauge = (name: string, help: string, labelNames: string[] = []) => {
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const samples = (await read())[name];
        this.reset();
        for (const s of samples ?? []) this.set(s.labels, s.value);
      },
    });
  };
  new Gauge({
    name: `${PREFIX}workers_running`,
    help: "1 while this process's job workers run.",
    registers: [registry],
    collect() {
      this.set(sources.workersRunning() ? 1 : 0);
    },
  });
  gauge('queue_jobs', 'Jobs in each BullMQ queue by state.', ['queue', 'state']);
  gauge('intake_lag_seconds', 'Age of the oldest Slack request accepted but not yet handed to a queue.');
  gauge('intake_pending', 'Slack requests accepted and not yet handed to a queue.');
  gauge('outbox_queued', 'Messages waiting to go to Slack (waiting, delayed or being sent).');
  gauge('outbox_oldest_age_seconds', 'Age of the oldest message waiting to go to Slack.');
  gauge('changes', 'Live changes by kind and state.', ['kind', 'state']);
  gauge('approvals_waiting', 'Changes waiting for an approver.');
  gauge('change_paused_oldest_seconds', 'How long the longest-paused change has been paused.');
  gauge('alerts_firing', 'Alerts firing by rule and severity.', ['kind', 'severity']);
  gauge('hosts', 'Edge hosts in the inventory by status.', ['status']);
  gauge('pools', 'Hybrid node pools by drift: in_sync, drifted, or unknown (cluster unreachable).', [
    'drift',
  ]);
}

async function readState(s: StateSources): Promise<Snapshot> {
  const now = s.clock.now();
  const { queues, stores } = s;
  const clusters = stores.clusters.all().map((c) => c.name);
  const [queueCounts, intake, outboxAge, changes, alerts, hosts, pools, statuses] = await Promise.all([
    Promise.all(
      [queues.commands, queues.outbox, queues.background].map(
        async (q) => [q.name, await q.getJobCounts(...QUEUE_STATES)] as const,
      ),
    ),
    readIntakeLag(s.redis, now),
    oldestJobAgeSeconds(queues.outbox, now),
    stores.changes.live(CHANGES_READ),
    Promise.all(clusters.map((c) => stores.alerts.read(c))),
    stores.inventory.list(),
    stores.pools.list(),
    stores.clusterStatus.read(clusters),
  ]);

  const snapshot: Snapshot = {};
  snapshot.queue_jobs = queueCounts.flatMap(([queue, counts]) =>
    QUEUE_STATES.map((state) => ({ labels: { queue, state }, value: counts[state] ?? 0 })),
  );
  snapshot.intake_lag_seconds = [{ labels: {}, value: intake.lagSeconds }];
  snapshot.intake_pending = [{ labels: {}, value: intake.pending }];
  const outboxCounts = queueCounts.find(([q]) => q === queues.outbox.name)?.[1] ?? {};
  const queued = ['waiting', 'active', 'delayed', 'prioritized'].reduce(
    (n, k) => n + (outboxCounts[k] ?? 0),
    0,
  );
  snapshot.outbox_queued = [{ labels: {}, value: queued }];
  snapshot.outbox_oldest_age_seconds = [{ labels: {}, value: outboxAge }];

  snapshot.changes = countBy(changes, (c) => ({ kind: c.kind, state: c.state }));
  snapshot.approvals_waiting = [
    { labels: {}, value: changes.filter((c) => c.state === 'awaiting-approval' && c.expiresAt > now).length },
  ];
  const pausedSince = changes.filter((c) => c.state === 'paused').map((c) => c.updatedAt);
  snapshot.change_paused_oldest_seconds = [
    { labels: {}, value: pausedSince.length ? Math.max(0, (now - Math.min(...pausedSince)) / 1000) : 0 },
  ];

  const firing = alerts.flatMap((a) => Object.values(a.group?.alerts ?? {}).map((t) => t.alert));
  snapshot.alerts_firing = countBy(firing, (a) => ({ kind: a.rule, severity: a.severity }));
  // Every status is present (0 when none): a rule on a status that comes and goes needs no `absent`.
  snapshot.hosts = HOST_STATUSES.map((status) => ({
    labels: { status },
    value: hosts.filter((h) => h.status === status).length,
  }));

  const drifted = new Map<string, Set<string>>();
  const unreachable = new Set<string>();
  statuses.forEach((st, i) => {
    const cluster = clusters[i] as string;
    if (!st || 'unreachable' in st.status) unreachable.add(cluster);
    else drifted.set(cluster, new Set((st.status.poolDrift ?? []).map((d) => d.pool)));
  });
  const driftOf = (cluster: string, pool: string) =>
    unreachable.has(cluster) || !drifted.has(cluster)
      ? 'unknown'
      : drifted.get(cluster)?.has(pool)
        ? 'drifted'
        : 'in_sync';
  snapshot.pools = ['in_sync', 'drifted', 'unknown'].map((drift) => ({
    labels: { drift },
    value: pools.filter((p) => driftOf(p.cluster, p.name) === drift).length,
  }));
  return snapshot;
}

function countBy<T>(items: readonly T[], labelsOf: (item: T) => Record<string, string>): Sample[] {
  const counts = new Map<string, Sample>();
  for (const item of items) {
    const labels = labelsOf(item);
    const k = JSON.stringify(labels);
    const found = counts.get(k);
    if (found) found.value++;
    else counts.set(k, { labels, value: 1 });
  }
  return [...counts.values()];
}
