import type { Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import type { HandlerDeps } from '../handlers/handler-deps';
import { createMetricsRegistry } from '../src/adapters/metrics/bot-metrics';
import { type MetricsServer, startMetricsServer } from '../src/adapters/metrics/metrics-server';
import { backgroundIntake, commandIntake, Intake } from '../src/adapters/queue/intake';
import { createOutbox } from '../src/adapters/queue/outbox-producer';
import { createQueues, safeJobId } from '../src/adapters/queue/queues';
import { AuditLog } from '../src/adapters/redis/audit-log';
import { ClusterRegistry } from '../src/adapters/redis/cluster-registry';
import { createRedis, describeRedisTarget, redisTarget } from '../src/adapters/redis/connection';
import { reportEvictionPolicy } from '../src/adapters/redis/eviction-policy';
import { HostInventory } from '../src/adapters/redis/inventory';
import { ClusterInfoCache } from '../src/adapters/redis/inventory-cluster-info';
import { MessageSlots } from '../src/adapters/redis/message-slots';
import { reportRedisPersistence } from '../src/adapters/redis/persistence';
import { PoolStore } from '../src/adapters/redis/pool-store';
import { ProfileStore } from '../src/adapters/redis/profile-store';
import { ReplicaWait } from '../src/adapters/redis/replica-wait';
import { RequestLedger } from '../src/adapters/redis/request-ledger';
import { UserGroupCache } from '../src/adapters/redis/user-groups';
import { createSecretBox, secretKeyFrom } from '../src/adapters/secret-box';
import type { CloudClients } from '../src/cloud-ports';
import type { Config } from '../src/config/load-config';
import type { OutboxRetryPolicy } from '../src/domain/outbox-retry-policy';
import type { Logger } from '../src/logger';
import { type BackgroundQueue, type Clock, systemClock } from '../src/ports';
import { type HealthServerHandle, startHealthServer } from './health-server';
import { withLiveClusters } from './live-clusters';
import { startWeb, type WebHandle } from './web';
import type { WorkersHandle } from './workers';

export type Mode = 'web' | 'worker' | 'all';

export interface BotHandle {
  web?: WebHandle;
  workers?: WorkersHandle;
  /** A worker-only process's /healthz and /readyz. */
  health?: HealthServerHandle;
  /** Where /metrics answers (METRICS_PORT), unless turned off. */
  metrics?: MetricsServer;
  /** SIGTERM's path: stop intake, let running jobs finish up to the deadline, close Redis. */
  stop(deadlineMs?: number): Promise<void>;
}

export interface BotOptions {
  clock?: Clock;
  /** AWS and Kubernetes clients; by default from the standard AWS configuration. */
  cloud?: CloudClients;
  /** How long and how often the outbox retries Slack; tests pass a compressed one. */
  outboxPolicy?: OutboxRetryPolicy;
  /** BullMQ's tracing integration, when traces are on. */
  telemetry?: Telemetry;
}

/** The one composition root: builds every adapter once and hands them to handlers and jobs. */
export async function startBot(
  fileConfig: Config,
  mode: Mode,
  log: Logger,
  options: BotOptions = {},
): Promise<BotHandle> {
  const clock = options.clock ?? systemClock;
  const target = redisTarget(fileConfig.env);
  log.info(
    describeRedisTarget(target),
    'sentinels' in target
      ? 'Redis through Sentinel (REDIS_SENTINELS wins over REDIS_URL)'
      : 'Redis at REDIS_URL',
  );
  const client = createRedis(target, 'client', log);
  // The file's clusters and those imported from Slack, as one list every handler and job reads.
  const clusters = new ClusterRegistry(client, fileConfig.clusters);
  const config = withLiveClusters(fileConfig, clusters);
  const clusterSubscriber = createRedis(target, 'worker', log);
  // Blocking connection for the workers; the Slack request path has its own.
  const workerConnection = mode === 'web' ? undefined : createRedis(target, 'worker', log);
  const requests = mode === 'worker' ? undefined : createRedis(target, 'requests', log);
  // Take requests once Redis answers; if it does not within 10 s, start anyway: /readyz says not ready
  // and requests get a clear "try again" until it does.
  await Promise.all([client, requests].map((r) => r && waitUntilReady(r, 10_000)));
  await reportRedisPersistence(client, log);
  await reportEvictionPolicy(client, log);
  await clusters
    .refresh()
    .catch((err: unknown) => log.warn({ err }, 'could not read the imported clusters yet'));
  const queues = createQueues(client, log, options.telemetry);
  const audit = new AuditLog(client);
  const slots = new MessageSlots(client);
  // Seals secrets waiting in Redis; the key is never stored there.
  const box = createSecretBox(secretKeyFrom(config.env));
  const outbox = createOutbox(queues.outbox, slots, box);
  const background: BackgroundQueue = {
    start: async (name, data, jobId, opts) => {
      await queues.background.add(name, data, {
        jobId: safeJobId(jobId),
        delay: opts?.delayMs,
        ...(opts?.ownTrace ? { telemetry: { omitContext: true } } : {}),
      });
    },
  };
  const intake = new Intake(client);
  const metrics = createMetricsRegistry({ nodeMetrics: fileConfig.env.METRICS_PORT !== 0 });

  // Worker-only code (AWS and Kubernetes SDKs, job processors) is loaded only where workers run: a web
  // process starts in under half the time and memory. require, not import(): the bot runs through tsx's
  // CommonJS hook, and Node's own import() does not compile TypeScript.
  const workerSide =
    workerConnection === undefined
      ? undefined
      : await (require('./worker-side') as typeof import('./worker-side')).startWorkerSide(config, {
          client,
          workerConnection,
          queues,
          outbox,
          box,
          outboxPolicy: options.outboxPolicy,
          audit,
          slots,
          background,
          clock,
          log,
          cloud: options.cloud,
          clusters,
          clusterSubscriber,
          telemetry: options.telemetry,
          metrics,
        });
  if (!workerSide) clusters.follow(clusterSubscriber);
  const workers = workerSide?.workers;

  let metricsServer: MetricsServer | undefined;
  const close = async (deadlineMs: number) => {
    await metricsServer?.stop();
    await workerSide?.stop(deadlineMs);
    await queues.close();
    await Promise.all(
      [client, workerConnection, requests, clusterSubscriber].map((r) => r?.quit().catch(() => undefined)),
    );
  };

  let web: WebHandle | undefined;
  if (requests) {
    const deps: HandlerDeps = {
      access: config.access,
      groups: new UserGroupCache(requests),
      ledger: new RequestLedger(requests, undefined, new ReplicaWait(requests, log)),
      audit,
      commands: { enqueue: (data, requestId) => intake.add(commandIntake(data, requestId)) },
      background: { accept: (work, jobId) => intake.add(backgroundIntake(work, jobId)) },
      clock,
      log,
      hosts: {
        get clusterNames() {
          return clusters.all().map((c) => c.name);
        },
        clusterInfo: new ClusterInfoCache(client),
        inventory: new HostInventory(client, clock),
      },
      profiles: { store: new ProfileStore(client), kubernetesVersions: config.kubernetesVersions },
      pools: new PoolStore(client),
    };
    // A web server that cannot listen (port taken) must not leave the workers and connections running.
    web = await startWeb(
      config,
      deps,
      {
        redisReachable: () =>
          requests.ping().then(
            () => true,
            () => false,
          ),
        workersRunning: () => (workers ? workers.running() : true),
        // A web-only process sets up nothing in Redis: the workers' processes do, and their intake
        // group reads whatever the web process accepted meanwhile.
        queuesReady: () => (workerSide ? workerSide.queuesReady() : true),
      },
      log,
      metrics.metrics,
    ).catch(async (err: unknown) => {
      await close(0);
      throw err;
    });
  }

  // A worker-only process answers its probes on PORT all the same.
  let health: HealthServerHandle | undefined;
  if (!requests && workerSide) {
    const side = workerSide;
    health = await startHealthServer(
      config.env.PORT,
      {
        redisReachable: () =>
          client.ping().then(
            () => true,
            () => false,
          ),
        workersRunning: () => side.workers.running(),
        queuesReady: () => side.queuesReady(),
      },
      log,
    ).catch(async (err: unknown) => {
      await close(0);
      throw err;
    });
  }
  const metricsPort = config.env.METRICS_PORT;
  if (metricsPort !== 0) {
    metricsServer = await startMetricsServer(metrics.registry, metricsPort, log).catch(
      async (err: unknown) => {
        await web?.stop();
        await health?.stop();
        await close(0);
        throw err;
      },
    );
  }

  return {
    web,
    workers,
    health,
    metrics: metricsServer,
    stop: async (deadlineMs = 25_000) => {
      await web?.stop();
      await health?.stop();
      await close(deadlineMs);
    },
  };
}

function waitUntilReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
