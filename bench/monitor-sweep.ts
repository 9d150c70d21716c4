import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { monitorCluster } from '../jobs/monitoring/monitor-cluster';
import { createCloudClients } from '../src/adapters/aws/cloud-clients';
import { createRedis } from '../src/adapters/redis/connection';
import { createStores } from '../src/adapters/redis/stores';
import { createSecretBox } from '../src/adapters/secret-box';
import { fileSchema } from '../src/config/schema';
import { createLogger } from '../src/logger';
import type { Outbox } from '../src/ports';

/**
 * One monitor worker process: it sweeps its shard of the fleet's clusters (cluster i when
 * i % BENCH_WORKERS is BENCH_WORKER) the way a worker runs monitor jobs, 16 clusters at a time (the
 * background queue's concurrency). It sweeps when told `sweep` on stdin and answers with one JSON
 * line, so the parent starts every worker's sweep at the same moment; `exit` ends it.
 */
const endpoint = process.env.BENCH_AWS_ENDPOINT ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 100);
const workers = Number(process.env.BENCH_WORKERS ?? 1);
const worker = Number(process.env.BENCH_WORKER ?? 0);
const CONCURRENCY = 16;

async function main(): Promise<void> {
  const names = Array.from({ length: clusterCount }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
  const config = fileSchema.parse({
    access: { admins: [], approvers: [], operators: [], viewers: ['*'] },
    clusters: names.map((name) => ({
      name,
      region: 'us-west-2',
      channel: 'C0BENCH',
      hybridNodesRole: 'HybridNodesRole',
    })),
    monitor: { intervalSeconds: 1 },
  });
  const shard = config.clusters.filter((_, i) => i % workers === worker);
  // The connection the workers' jobs use (app/), auto-pipelined as there.
  const redis = createRedis({ url: redisUrl }, 'client', createLogger({ level: 'error' }));
  await once(redis, 'ready');
  const cloud = createCloudClients({
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    env: {},
  });
  let sent = 0;
  const outbox: Outbox = {
    send: async () => {
      sent += 1;
    },
    reserveVersion: async () => 0,
  };
  const deps = {
    cloud,
    redis,
    stores: createStores(redis, createSecretBox(randomBytes(32))),
    outbox,
    // Diagnostics the sweep decides on are not part of the sweep's time: started, never run.
    background: { start: async () => undefined },
    config,
    clock: { now: () => Date.now() },
  };

  const sweep = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let next = 0;
    let skipped = 0;
    const run = async () => {
      for (let i = next++; i < shard.length; i = next++) {
        const cluster = shard[i];
        if (cluster && 'skipped' in (await monitorCluster(cluster, deps))) skipped += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, run));
    const used = process.cpuUsage(cpu);
    // BENCH_GC=1 (the worker started with --expose-gc): memory after a full collection, what stays live.
    (globalThis as { gc?: () => void }).gc?.();
    return {
      seconds: (performance.now() - started) / 1000,
      cpu_seconds: (used.user + used.system) / 1e6,
      clusters: shard.length,
      skipped,
      ...memory(),
    };
  };

  const memory = () => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    return {
      rss_mb: mb(m.rss),
      heap_used_mb: mb(m.heapUsed),
      heap_total_mb: mb(m.heapTotal),
      external_mb: mb(m.external),
    };
  };
  const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  // What the process holds before it reads any cluster (modules and clients loaded), for comparison.
  say({ ready: true, ...memory() });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'sweep') say(await sweep());
    else if (line === 'exit') break;
  }
  say({ peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), slack_messages: sent });
  cloud.close();
  redis.disconnect();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
