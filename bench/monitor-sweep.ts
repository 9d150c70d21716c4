import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { monitorCluster } from '../jobs/monitoring/monitor-cluster';
import { createCloudClients } from '../src/adapters/aws/cloud-clients';
import { ClusterStatusStore } from '../src/adapters/redis/cluster-status-store';
import { createStores } from '../src/adapters/redis/stores';
import { createSecretBox } from '../src/adapters/secret-box';
import { fileSchema } from '../src/config/schema';
import type { Outbox } from '../src/ports';

/**
 * One process, one fleet: monitor sweeps over every cluster of a running simulator, the way the
 * workers run them (16 clusters at a time, the background queue's concurrency). Prints JSON.
 */
const endpoint = process.env.BENCH_AWS_ENDPOINT ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const clusterCount = Number(process.env.BENCH_CLUSTERS ?? 100);
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
  const redis = new Redis(redisUrl);
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

  const sweep = async (): Promise<number> => {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < config.clusters.length; i = next++) {
        const cluster = config.clusters[i];
        if (cluster) await monitorCluster(cluster, deps);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return (performance.now() - started) / 1000;
  };

  // What the process holds before it reads any cluster (modules and clients loaded), for comparison.
  const baseline = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const cold = await sweep();
  // The claim allows one evaluation per interval: wait it out, then measure the steady sweep.
  await new Promise((r) => setTimeout(r, 1100));
  const warm = await sweep();

  const statuses = await new ClusterStatusStore(redis).read(names);
  let nodes = 0;
  let unknown = 0;
  for (const s of statuses) {
    if (!s || 'unreachable' in s.status) {
      unknown += 1;
      // A fleet the sweep cannot read measures nothing: say why.
      if (unknown === 1 && s && 'unreachable' in s.status) process.stderr.write(`${s.status.unreachable}\n`);
    } else nodes += s.status.availability.hybrid.ready + s.status.availability.hybrid.notReady;
  }
  const result = {
    nodes,
    clusters: names.length,
    sweep_seconds: Number(warm.toFixed(3)),
    first_sweep_seconds: Number(cold.toFixed(3)),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    rss_before_sweep_mb: baseline,
    unknown_clusters: unknown,
    slack_messages: sent,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  cloud.close();
  redis.disconnect();
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
