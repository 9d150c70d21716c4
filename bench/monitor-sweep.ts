import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { writeHeapSnapshot } from 'node:v8';
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
// BENCH_CONCURRENCY: for experiments only; the workers run 16 background jobs at a time.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

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
    const sampler = sampleMemory();
    let next = 0;
    let skipped = 0;
    const run = async () => {
      for (let i = next++; i < shard.length; i = next++) {
        const cluster = shard[i];
        // BENCH_HEAP_SNAPSHOT: also what a sweep holds half way, its clusters in flight.
        if (i === shard.length >> 1 && process.env.BENCH_HEAP_SNAPSHOT)
          writeHeapSnapshot(
            join(process.env.BENCH_HEAP_SNAPSHOT, `worker-${worker}-${snapshots}-half.heapsnapshot`),
          );
        if (cluster && 'skipped' in (await monitorCluster(cluster, deps))) skipped += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, run));
    const used = process.cpuUsage(cpu);
    const peak = sampler.stop();
    // BENCH_GC=1 (the worker started with --expose-gc): memory after a full collection, what stays live.
    // (A scavenge first: the allocation profile, BENCH_ALLOC_SURVIVORS, then counts none of what died young.)
    const gc = (globalThis as { gc?: (o?: object) => void }).gc;
    gc?.({ type: 'minor' });
    gc?.();
    return {
      seconds: (performance.now() - started) / 1000,
      cpu_seconds: (used.user + used.system) / 1e6,
      clusters: shard.length,
      skipped,
      ...memory(),
      at_peak: peak,
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
  /** The memory at the sweep's highest resident moment, sampled every 20 ms: the heap, and what is outside it. */
  const sampleMemory = () => {
    let peak = process.memoryUsage();
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peak.rss) peak = m;
    }, 20);
    return {
      stop: () => {
        clearInterval(timer);
        const mb = (n: number) => Math.round(n / 1024 / 1024);
        return {
          rss_mb: mb(peak.rss),
          heap_total_mb: mb(peak.heapTotal),
          heap_used_mb: mb(peak.heapUsed),
          external_mb: mb(peak.external),
          array_buffers_mb: mb(peak.arrayBuffers),
          outside_heap_mb: mb(peak.rss - peak.heapTotal),
        };
      },
    };
  };
  /**
   * BENCH_ALLOC_PROFILE=DIR: every sweep's allocations, sampled (those already collected included),
   * as a .heapprofile for a profile viewer: what a sweep allocates, by function.
   */
  let profiles = 0;
  const profiled = async <T>(run: () => Promise<T>): Promise<T> => {
    const dir = process.env.BENCH_ALLOC_PROFILE;
    if (!dir) return run();
    const session = new Session();
    session.connect();
    const post = (method: string, params?: object) =>
      new Promise<unknown>((resolve, reject) =>
        session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
      );
    // BENCH_ALLOC_SURVIVORS=1: leaves out what died young (freed by a scavenge): what is left went to
    // the long-lived heap, which grows with it until a full collection.
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !process.env.BENCH_ALLOC_SURVIVORS,
    });
    const result = await run();
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(join(dir, `worker-${worker}-${++profiles}.heapprofile`), JSON.stringify(profile));
    session.disconnect();
    return result;
  };
  const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
  // What the process holds before it reads any cluster (modules and clients loaded), for comparison.
  say({ ready: true, ...memory() });
  if (process.env.BENCH_HEAP_SNAPSHOT)
    writeHeapSnapshot(join(process.env.BENCH_HEAP_SNAPSHOT, `worker-${worker}-0.heapsnapshot`));
  let snapshots = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'sweep') say(await profiled(sweep));
    else if (line === 'exit') break;
    // BENCH_HEAP_SNAPSHOT=DIR: what stays live after each sweep, for a heap snapshot viewer.
    if (line === 'sweep' && process.env.BENCH_HEAP_SNAPSHOT)
      writeHeapSnapshot(
        join(process.env.BENCH_HEAP_SNAPSHOT, `worker-${worker}-${++snapshots}.heapsnapshot`),
      );
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
