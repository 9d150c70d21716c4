import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ClusterStatusStore } from '../src/adapters/redis/cluster-status-store';
import { createRedis } from '../src/adapters/redis/connection';
import { createLogger } from '../src/logger';
import { startRedisServer } from '../test/support/redis-server';

/**
 * bench:monitor: monitor sweeps over 100 clusters × 100 hybrid nodes, 100 × 200, and 1,000 × 100
 * (100,000 nodes), each fleet first by one worker process and then by two, each taking half the
 * clusters. The simulator runs in its own process, so peak_rss_mb is a worker's alone, and the CPU
 * each process spent in a sweep is reported apart: the bot's workers, the simulator, Redis.
 * Prints one JSON line per fleet and worker count, then the two-worker ratios.
 */
const ROOT = join(__dirname, '..');
const FLEETS = (process.env.BENCH_FLEETS ?? 'bench-100x100.yaml,bench-20000.yaml,bench-100000.yaml').split(
  ',',
);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const PROF = process.env.BENCH_PROF;
/**
 * Milliseconds the simulated EKS and Kubernetes APIs take to answer each request (the simulator's
 * latency fault): the round trip to a remote region and an API server's own time, which the
 * simulator on the same machine otherwise answers in well under a millisecond.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);

/** CPU seconds a process has used so far (user + system), from /proc; 0 elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/**
 * The simulator on a port of its own choosing, read back from what it prints: a port picked free
 * beforehand can be taken by one of the thousand clusters' API servers it listens for first.
 */
function startSimulator(scenario: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const prof = PROF ? ['--cpu-prof', '--cpu-prof-dir', join(PROF, 'sim')] : [];
  const child = spawn(
    process.execPath,
    // tsx's require hook in this process (not tsx's CLI, which runs a second one): its pid is the simulator's.
    [...prof, '--require', 'tsx/cjs', join(ROOT, 'sim', 'cli.ts'), '--scenario', scenario, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const endpoint = /AWS endpoint[^\n]*?(http:\/\/\S+)/.exec(out)?.[1];
      if (endpoint) resolve({ child, endpoint });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

/**
 * The simulator answers before its controllers have made every node's pods: wait until it is idle
 * (under 5% of a core over a second), so the first sweep measures the bot, not the simulator's start.
 */
async function settled(pid: number | undefined): Promise<void> {
  let last = cpuSeconds(pid);
  for (let quiet = 0; quiet < 2; ) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuSeconds(pid);
    quiet = now - last < 0.025 ? quiet + 1 : 0;
    last = now;
  }
}

interface SweepWorker {
  child: ChildProcess;
  exited: Promise<void>;
  next(): Promise<Record<string, number>>;
  send(line: string): void;
}

function startWorker(env: NodeJS.ProcessEnv, index: number): SweepWorker {
  const prof = [
    ...(PROF ? ['--cpu-prof', '--cpu-prof-dir', join(PROF, `worker-${index}`)] : []),
    ...(process.env.BENCH_GC ? ['--expose-gc'] : []),
  ];
  // Loaded the way bin/hybrid-bot.js loads the bot: tsx's require hook in the one process.
  const child = spawn(
    process.execPath,
    [...prof, '--require', 'tsx/cjs', join(ROOT, 'bench', 'monitor-sweep.ts')],
    { env: { ...process.env, ...env, METRICS_PORT: '0' }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`sweep worker exited with ${code}`))),
  );
  exited.catch(() => undefined);
  return {
    child,
    exited: exited.catch(() => undefined),
    next: async () => {
      const line = await Promise.race([lines.next(), exited]);
      return JSON.parse(String(line.value));
    },
    send: (line) => child.stdin?.write(`${line}\n`),
  };
}

/** One sweep by every worker at once, timed from the parent: the sweep ends with the last worker. */
async function sweepAll(workers: SweepWorker[], pids: { sim?: number; redis?: number }) {
  const before = { sim: cpuSeconds(pids.sim), redis: cpuSeconds(pids.redis) };
  const started = performance.now();
  for (const w of workers) w.send('sweep');
  const results = await Promise.all(workers.map((w) => w.next()));
  return {
    seconds: (performance.now() - started) / 1000,
    botCpu: results.reduce((s, r) => s + (r.cpu_seconds ?? 0), 0),
    // The busiest worker's share: what one worker's CPU needs to keep up with the interval.
    botCpuPerWorker: Math.max(...results.map((r) => r.cpu_seconds ?? 0)),
    simCpu: cpuSeconds(pids.sim) - before.sim,
    redisCpu: cpuSeconds(pids.redis) - before.redis,
    skipped: results.reduce((s, r) => s + (r.skipped ?? 0), 0),
    // The first worker's memory at the end of the sweep: resident, the JS heap in use, and outside it.
    memory: {
      rss: results[0]?.rss_mb,
      heap_used: results[0]?.heap_used_mb,
      external: results[0]?.external_mb,
    },
  };
}

async function runFleet(
  clusters: number,
  count: number,
  env: NodeJS.ProcessEnv,
  pids: { sim?: number; redis?: number },
) {
  const workers = Array.from({ length: count }, (_, i) =>
    startWorker(
      { ...env, BENCH_CLUSTERS: String(clusters), BENCH_WORKERS: String(count), BENCH_WORKER: String(i) },
      i,
    ),
  );
  try {
    const ready = await Promise.all(workers.map((w) => w.next()));
    const load = loadavg()[0] ?? 0;
    const first = await sweepAll(workers, pids);
    // The claim allows one evaluation per interval (1 s here): wait it out, then the steady sweep.
    await new Promise((r) => setTimeout(r, 1100));
    const steady = await sweepAll(workers, pids);
    for (const w of workers) w.send('exit');
    const ends = await Promise.all(workers.map((w) => w.next()));
    // Exiting by itself, a worker writes its CPU profile (BENCH_PROF).
    await Promise.all(workers.map((w) => w.exited));
    return {
      workers: count,
      sweep_seconds_first: round(first.seconds),
      sweep_seconds_steady: round(steady.seconds),
      peak_rss_mb: Math.max(...ends.map((e) => e.peak_rss_mb ?? 0)),
      rss_before_sweep_mb: Math.max(...ready.map((r) => r.rss_mb ?? 0)),
      // CPU seconds each side spent in the sweep: the bot's workers (summed), the simulator, Redis.
      cpu_seconds_first: {
        bot: round(first.botCpu, 1),
        sim: round(first.simCpu, 1),
        redis: round(first.redisCpu, 1),
      },
      cpu_seconds_steady: {
        bot: round(steady.botCpu, 1),
        sim: round(steady.simCpu, 1),
        redis: round(steady.redisCpu, 1),
      },
      bot_cpu_seconds_per_worker: {
        first: round(first.botCpuPerWorker, 1),
        steady: round(steady.botCpuPerWorker, 1),
      },
      memory_mb_after_steady: steady.memory,
      skipped_clusters: first.skipped + steady.skipped,
      slack_messages: ends.reduce((s, e) => s + (e.slack_messages ?? 0), 0),
      load_before: round(load, 1),
    };
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
  }
}

/** How many nodes the last sweep saw, and how many clusters it could not read. */
async function seen(redisUrl: string, clusters: number) {
  const redis = createRedis({ url: redisUrl }, 'client', createLogger({ level: 'error' }));
  try {
    await once(redis, 'ready');
    const names = Array.from({ length: clusters }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
    let nodes = 0;
    let unknown = 0;
    for (const s of await new ClusterStatusStore(redis).read(names)) {
      if (!s || 'unreachable' in s.status) {
        // A fleet the sweep cannot read measures nothing: say why.
        if (unknown === 0 && s && 'unreachable' in s.status)
          process.stderr.write(`${s.status.unreachable}\n`);
        unknown += 1;
      } else nodes += s.status.availability.hybrid.ready + s.status.availability.hybrid.notReady;
    }
    return { nodes, unknown_clusters: unknown };
  } finally {
    redis.disconnect();
  }
}

/** Every EKS and Kubernetes request answered `ms` later, through the simulator's fault API. */
async function setLatency(endpoint: string, ms: number): Promise<void> {
  for (const service of ['eks', 'kubernetes']) {
    const res = await fetch(`${endpoint}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service, latencyMs: ms }),
    });
    if (!res.ok) throw new Error(`the simulator refused the latency: ${await res.text()}`);
  }
}

function clustersOf(scenario: string): number {
  return Number(/clusters:\s*(\d+)/.exec(readFileSync(scenario, 'utf8'))?.[1] ?? 100);
}

async function main(): Promise<void> {
  const all: Record<string, unknown>[] = [];
  for (const fleet of FLEETS) {
    const scenario = join(ROOT, 'sim', 'scenarios', fleet);
    const clusters = Number(process.env.BENCH_CLUSTERS ?? clustersOf(scenario));
    const redis = await startRedisServer();
    let sim: ChildProcess | undefined;
    try {
      const started = await startSimulator(scenario);
      sim = started.child;
      await settled(sim.pid);
      const pids = { sim: sim.pid, redis: redis.pid };
      const env = { BENCH_AWS_ENDPOINT: started.endpoint, REDIS_URL: redis.url };
      if (LATENCY_MS > 0) await setLatency(started.endpoint, LATENCY_MS);
      for (const count of WORKER_COUNTS) {
        const run = await runFleet(clusters, count, env, pids);
        const result = {
          fleet,
          clusters,
          ...(await seen(redis.url, clusters)),
          ...run,
          latency_ms: LATENCY_MS,
          cpus: cpus().length,
          load_after: round(loadavg()[0] ?? 0, 1),
        };
        all.push(result);
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
    } finally {
      sim?.kill('SIGTERM');
      await redis.stop();
    }
  }
  // Two workers against one, on the same fleet and simulator, measured within this run.
  for (const fleet of FLEETS) {
    const one = all.find((r) => r.fleet === fleet && r.workers === 1);
    const two = all.find((r) => r.fleet === fleet && r.workers === 2);
    if (!one || !two) continue;
    const ratio = (k: 'sweep_seconds_first' | 'sweep_seconds_steady') =>
      round(Number(two[k]) / Number(one[k]), 2);
    const perWorker = (r: Record<string, unknown>) =>
      (r.bot_cpu_seconds_per_worker as { steady: number }).steady;
    process.stdout.write(
      `${JSON.stringify({
        fleet,
        nodes: one.nodes,
        latency_ms: LATENCY_MS,
        two_worker_ratio: ratio('sweep_seconds_steady'),
        two_worker_ratio_first: ratio('sweep_seconds_first'),
        // The busiest of two workers' CPU over one worker's, steady sweep: how the work splits.
        two_worker_cpu_ratio: round(perWorker(two) / perWorker(one), 2),
      })}\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
