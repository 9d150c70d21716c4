import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startFakeSlack } from '../sim/slack/fake-slack';
import { freePort, startRedisServer } from '../test/support/redis-server';

/**
 * bench:ack: signed `/hybrid ping` over 16 connections to the bot and, in the same run, to a bare
 * Bolt app that only acks; prints the throughput ratio, latencies and CPU per request of each process.
 */
const SECRET = 'bench-signing-secret-0123456789';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
/**
 * Bot and bare app are measured in alternating rounds and the ratio taken over the totals: on a shared
 * machine a neighbour's burst then falls on both sides instead of deciding the result.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const ROOT = join(__dirname, '..');
/**
 * `web` (default) measures the Slack receiver as deployed at scale, with the work left on the queue;
 * a worker then drains it, to show every acked request was answered. `all` runs both in one process.
 */
const MODE = process.env.BENCH_MODE === 'all' ? 'all' : 'web';
// More signed requests than a run can send, so no trigger_id repeats (a repeat would be a redelivery).
const PREPARED = Number(process.env.BENCH_PREPARED ?? 120_000);

function signedPing(responseUrl: string): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    team_id: 'T0SIM',
    channel_id: 'C0OPS',
    user_id: 'U0OPERATOR',
    command: '/hybrid',
    text: 'ping',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${randomBytes(8).toString('hex')}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sig,
    },
  };
}

/**
 * The server under load (bot or bare app) gets CPU 0 to itself; the load generator and Redis share the
 * other CPUs. Both sides are measured alike, and neither loses its core to the load generator at random.
 * Needs `taskset` (util-linux) and two CPUs; without them nothing is pinned and the output says so.
 */
const PIN =
  availableParallelism() >= 2 && !spawnSync('taskset', ['-V']).error && process.env.BENCH_PIN !== '0';
const SERVER_CPU = '0';
const OTHER_CPUS = `1-${availableParallelism() - 1}`;

function pin(pid: number | undefined, cpus: string): void {
  if (PIN && pid !== undefined)
    spawnSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

function startChild(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), METRICS_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 30_000);
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' }).then(
        () => {
          clearInterval(poll);
          clearTimeout(deadline);
          resolve(child);
        },
        () => undefined,
      );
    }, 100);
    child.stdout?.resume();
    pin(child.pid, SERVER_CPU);
  });
}

type Prepared = ReturnType<typeof signedPing>[];

/** Signed in advance so the load generator spends its CPU sending, not hashing, on this 2-core machine. */
function prepare(responseUrl: () => string): Prepared {
  return Array.from({ length: PREPARED }, () => signedPing(responseUrl()));
}

async function load(port: number, prepared: Prepared): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    connections: 16,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = prepared[next++ % PREPARED] as Prepared[number];
          return { ...req, ...r };
        },
      },
    ],
  });
}

/** Every acked ping must get its answer: in `web` mode a worker process starts now and drains the queue. */
async function drain(
  env: NodeJS.ProcessEnv,
  acked: number,
  slack: { calls(): { kind: string; method: string }[] },
) {
  const started = Date.now();
  const worker =
    MODE === 'web'
      ? spawn(process.execPath, [join(ROOT, 'bin', 'hybrid-bot.js'), 'worker'], {
          // Its probes and metrics on any free port / none, not on the receiver's.
          env: { ...process.env, ...env, PORT: '0', METRICS_PORT: '0' },
          stdio: 'ignore',
        })
      : undefined;
  // Each request has its own response_url: count each once, and say how many were answered twice.
  const replies = () => slack.calls().filter((c) => c.kind === 'response_url');
  const answered = () => new Set(replies().map((c) => c.method)).size;
  while (answered() < acked && Date.now() - started < 300_000) await new Promise((r) => setTimeout(r, 250));
  worker?.kill('SIGTERM');
  return {
    acked,
    answered: answered(),
    answered_twice: replies().length - answered(),
    drain_seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
  };
}

/** CPU seconds a process has used so far (user + system), from /proc: the children run apart from this process. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name; utime and stime are the 14th and 15th fields of the whole line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // not Linux: CPU figures are left out
  }
}

/** Resident memory of a process in MB, from /proc (undefined elsewhere). */
function rssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

interface Side {
  name: 'bot' | 'bare' | 'lean';
  port: number;
  pid: number | undefined;
  requests: number;
  seconds: number;
  cpu: { self: number; redis: number; loadgen: number };
  p50: number[];
  p99: number[];
  failed: number;
}

async function round(side: Side, prepared: Prepared, redisPid: number | undefined): Promise<number> {
  const before = { self: cpuSeconds(side.pid), redis: cpuSeconds(redisPid), loadgen: process.cpuUsage() };
  const run = await load(side.port, prepared);
  const loadgen = process.cpuUsage(before.loadgen);
  side.cpu.self += cpuSeconds(side.pid) - before.self;
  side.cpu.redis += cpuSeconds(redisPid) - before.redis;
  side.cpu.loadgen += (loadgen.user + loadgen.system) / 1e6;
  side.requests += run.requests.total;
  side.seconds += run.duration;
  side.p50.push(run.latency.p50);
  side.p99.push(run.latency.p99);
  side.failed += run.errors + run.non2xx;
  return run.requests.total;
}

/** Microseconds of CPU per request for each process taking part. */
function cpuPerRequest(side: Side) {
  const us = (s: number) => Math.round((s * 1e6) / Math.max(side.requests, 1));
  return { [side.name]: us(side.cpu.self), redis: us(side.cpu.redis), loadgen: us(side.cpu.loadgen) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const redis = await startRedisServer();
  pin(process.pid, OTHER_CPUS);
  pin(redis.pid, OTHER_CPUS);
  const slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'bench-ack-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    'access: { admins: [U0ADMIN], operators: [U0OPERATOR], viewers: ["*"] }\nclusters:\n  - { name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }\n',
  );
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    REDIS_URL: redis.url,
    HYBRID_BOT_CONFIG: config,
    LOG_LEVEL: 'warn',
  };
  const prof = (name: string) =>
    process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', join(process.env.BENCH_PROF, name)] : [];
  const botPort = await freePort();
  const bot = await startChild([...prof('bot'), join(ROOT, 'bin', 'hybrid-bot.js'), MODE], env, botPort);
  // Two baselines, loaded the way bin/hybrid-bot.js loads the bot (tsx's require hook): a Bolt app with
  // Bolt's defaults (the target's baseline), and one configured as the bot configures Bolt (no
  // conversation store), which shows what the bot's own work costs.
  const baseline = async (name: 'bare' | 'lean') => {
    const port = await freePort();
    const child = await startChild(
      [...prof(name), '--require', 'tsx/cjs', join(ROOT, 'bench', 'bare-bolt-app.ts')],
      { ...env, BARE_LEAN: name === 'lean' ? '1' : '' },
      port,
    );
    return { port, child };
  };
  const bare = await baseline('bare');
  const lean = await baseline('lean');
  const side = (name: Side['name'], port: number, pid: number | undefined): Side => ({
    name,
    port,
    pid,
    requests: 0,
    seconds: 0,
    cpu: { self: 0, redis: 0, loadgen: 0 },
    p50: [],
    p99: [],
    failed: 0,
  });
  const botSide = side('bot', botPort, bot.pid);
  const bareSide = side('bare', bare.port, bare.child.pid);
  const leanSide = side('lean', lean.port, lean.child.pid);
  try {
    // Warm-up of each, not counted (JIT, Redis scripts); every bot round gets fresh trigger_ids.
    const baselineRequests = prepare(slack.responseUrl);
    let acked = (await load(botPort, prepare(slack.responseUrl))).requests.total;
    await load(bare.port, baselineRequests);
    await load(lean.port, baselineRequests);
    const ratios: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const before = { bot: botSide.requests, bare: bareSide.requests };
      acked += await round(botSide, prepare(slack.responseUrl), redis.pid);
      await round(bareSide, baselineRequests, redis.pid);
      await round(leanSide, baselineRequests, redis.pid);
      ratios.push((botSide.requests - before.bot) / Math.max(bareSide.requests - before.bare, 1));
    }
    const rss = { bot: rssMb(bot.pid), bare: rssMb(bare.child.pid), lean: rssMb(lean.child.pid) };
    // BENCH_DRAIN=0 leaves the answers unchecked: quicker when only the receiver is of interest.
    const drained = process.env.BENCH_DRAIN === '0' ? { acked } : await drain(env, acked, slack);
    const rps = (s: Side) => s.requests / Math.max(s.seconds, 1);
    const ratio = (a: Side, b: Side) => Number((rps(a) / rps(b)).toFixed(3));
    const result = {
      mode: MODE,
      connections: 16,
      rounds: ROUNDS,
      pinned: PIN,
      seconds_each: DURATION_S,
      bot_rps: Math.round(rps(botSide)),
      bare_rps: Math.round(rps(bareSide)),
      ratio: ratio(botSide, bareSide),
      round_ratios: ratios.map((r) => Number(r.toFixed(3))),
      lean_rps: Math.round(rps(leanSide)),
      lean_ratio: ratio(botSide, leanSide),
      bot_p50_ms: median(botSide.p50),
      bot_p99_ms: Math.max(...botSide.p99),
      bare_p99_ms: Math.max(...bareSide.p99),
      cpu_us_per_request: {
        with_bot: cpuPerRequest(botSide),
        with_bare: cpuPerRequest(bareSide),
        with_lean: cpuPerRequest(leanSide),
      },
      rss_mb_after_load: rss,
      all_acked_2xx: [botSide, bareSide, leanSide].every((s) => s.failed === 0),
      ...drained,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const child of [bot, bare.child, lean.child]) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await slack.close();
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:ack failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
