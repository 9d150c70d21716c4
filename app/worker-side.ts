import type { Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { RECONCILE_INVENTORY } from '../jobs/hosts/reconcile-inventory';
import { withdrawActivations } from '../jobs/hosts/withdraw-activations';
import type { CommandDeps } from '../jobs/job-context';
import { scheduleMonitors } from '../jobs/monitoring/monitor-schedules';
import { REFRESH_USER_GROUPS } from '../jobs/refresh-user-groups';
import { createCloudClients } from '../src/adapters/aws/cloud-clients';
import type { MetricsRegistry } from '../src/adapters/metrics/bot-metrics';
import { registerStateGauges } from '../src/adapters/metrics/state-gauges';
import {
  createIntakeGroup,
  intakeGroupExists,
  startIntakeDispatcher,
} from '../src/adapters/queue/intake-dispatcher';
import type { Queues } from '../src/adapters/queue/queues';
import type { AuditLog } from '../src/adapters/redis/audit-log';
import { RedisAwsPacer } from '../src/adapters/redis/aws-call-pacer';
import type { ClusterRegistry } from '../src/adapters/redis/cluster-registry';
import { createRedis, redisTarget } from '../src/adapters/redis/connection';
import type { MessageSlots } from '../src/adapters/redis/message-slots';
import { watchRedisRestarts } from '../src/adapters/redis/restart-watch';
import { SlackRateLimits } from '../src/adapters/redis/slack-rate-limits';
import { createStores } from '../src/adapters/redis/stores';
import type { SecretBox } from '../src/adapters/secret-box';
import { createSlackSender } from '../src/adapters/slack/slack-sender';
import type { CloudClients } from '../src/cloud-ports';
import type { Config } from '../src/config/load-config';
import { type OutboxRetryPolicy, PRODUCTION_OUTBOX_POLICY } from '../src/domain/outbox-retry-policy';
import type { Logger } from '../src/logger';
import type { BackgroundQueue, Clock, Outbox } from '../src/ports';
import { withLiveClusters } from './live-clusters';
import { startWorkers, type WorkersHandle } from './workers';

export interface WorkerSideDeps {
  client: Redis;
  workerConnection: Redis;
  queues: Queues;
  outbox: Outbox;
  /** Opens the secret messages the outbox sealed. */
  box: SecretBox;
  outboxPolicy?: OutboxRetryPolicy;
  audit: AuditLog;
  slots: MessageSlots;
  background: BackgroundQueue;
  clock: Clock;
  log: Logger;
  cloud?: CloudClients;
  /** The clusters of the file and those imported from Slack; `config.clusters` reads it. */
  clusters: ClusterRegistry;
  /** A connection of its own that hears when a cluster is imported or forgotten. */
  clusterSubscriber: Redis;
  telemetry?: Telemetry;
  /** The process's Prometheus registry: the workers count into it and add the state read per scrape. */
  metrics: MetricsRegistry;
}

export interface WorkerSide {
  workers: WorkersHandle;
  /** The intake group and the recurring schedules exist in Redis (false while they are set up again). */
  queuesReady(): boolean;
  stop(deadlineMs: number): Promise<void>;
}

/**
 * Everything `hybrid-bot worker` runs: the job workers with their AWS, Kubernetes and Slack clients,
 * the intake dispatcher and the recurring schedules. Loaded only by processes that run workers, so a
 * `web` process carries none of the SDKs.
 */
export async function startWorkerSide(config: Config, deps: WorkerSideDeps): Promise<WorkerSide> {
  const { client, workerConnection, queues, log } = deps;
  const { metrics } = deps.metrics;
  const cloud = deps.cloud ?? createCloudClients({ pacer: new RedisAwsPacer(client), metrics });
  const sender = createSlackSender({
    token: config.env.SLACK_BOT_TOKEN,
    apiUrl: config.env.SLACK_API_URL,
    log,
    metrics,
  });
  const { env: _secrets, ...fileJobConfig } = config;
  const jobConfig = withLiveClusters(fileJobConfig, deps.clusters);
  const stores = createStores(client, deps.box, deps.clock, deps.clusters);
  const commandDeps: CommandDeps = {
    outbox: deps.outbox,
    audit: deps.audit,
    clock: deps.clock,
    log,
    config: jobConfig,
    cloud,
    redis: client,
    stores,
    background: deps.background,
    slack: sender,
    metrics,
  };
  const workers = startWorkers(
    workerConnection,
    commandDeps,
    {
      sender,
      slots: deps.slots,
      limits: new SlackRateLimits(client),
      log,
      box: deps.box,
      policy: deps.outboxPolicy ?? PRODUCTION_OUTBOX_POLICY,
      withdraw: (carried, jobId) => withdrawActivations(commandDeps, carried, jobId),
      resend: (message, jobId) => deps.outbox.send(message, { jobId }),
    },
    log,
    config.env.HYBRID_BOT_JOB_LOCK_SECONDS,
    deps.telemetry,
  );
  registerStateGauges(deps.metrics.registry, {
    redis: client,
    queues,
    stores,
    clock: deps.clock,
    log,
    workersRunning: () => workers.running(),
  });
  // What the bot keeps in Redis besides its data. A Redis restarted without persistence comes back
  // without it; the watch sets it up again (on reconnect to a new run_id, on NOGROUP, or periodically).
  const scheduleCount = () => 2 + config.clusters.length;
  // A cluster imported or forgotten in any process: its monitor is scheduled or unscheduled.
  const rescheduleMonitors = () =>
    scheduleMonitors(queues.background, config.clusters, config.monitor.intervalSeconds);
  deps.clusters.follow(deps.clusterSubscriber, rescheduleMonitors);
  const watch = watchRedisRestarts(
    client,
    {
      setUp: async () => {
        // An emptied Redis has lost the imported clusters too: every process reads the list again.
        await deps.clusters.changed();
        await createIntakeGroup(client);
        // Group memberships now and every 10 minutes; the scheduler keeps one schedule however many workers run.
        await queues.background.upsertJobScheduler(
          REFRESH_USER_GROUPS,
          { every: 10 * 60_000 },
          { name: REFRESH_USER_GROUPS },
        );
        // Every cluster is evaluated once per monitor interval, however many workers run.
        await rescheduleMonitors();
        // The host inventory is rebuilt from SSM and Kubernetes every 15 minutes, so losing Redis loses no host.
        await queues.background.upsertJobScheduler(
          RECONCILE_INVENTORY,
          { every: 15 * 60_000 },
          { name: RECONCILE_INVENTORY },
        );
      },
      present: async () =>
        (await intakeGroupExists(client)) &&
        (await queues.background.getJobSchedulersCount()) >= scheduleCount(),
    },
    log,
  );
  await watch.started;
  const dispatcher = startIntakeDispatcher(
    createRedis(redisTarget(config.env), 'worker', log),
    workerConnection,
    queues,
    log,
    watch.restore,
  );
  return {
    workers,
    queuesReady: watch.ready,
    stop: async (deadlineMs) => {
      watch.stop();
      await dispatcher.stop();
      await workers.stop(deadlineMs);
      cloud.close();
    },
  };
}
