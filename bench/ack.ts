import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startFakeSlack } from '../sim/slack/fake-slack';
import { freePort, startRedisServer } from '../test/support/redis-server';

/**
 * bench:ack: signed `/hybrid ping` over 16 connections to the bot (web and workers in one process,
 * as `hybrid-bot all` runs) and, in the same run, to a bare Bolt app that only acks.
 */
const SECRET = 'bench-signing-secret-0123456789';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
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

function startChild(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
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
  });
}

async function load(port: number, responseUrl: () => string): Promise<autocannon.Result> {
  // Signed in advance so the load generator spends its CPU sending, not hashing, on this 2-core machine.
  const prepared = Array.from({ length: PREPARED }, () => signedPing(responseUrl()));
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    connections: 16,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = prepared[next++ % PREPARED] as ReturnType<typeof signedPing>;
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
          env: { ...process.env, ...env },
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

async function main(): Promise<void> {
  const redis = await startRedisServer();
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
  const botPort = await freePort();
  const barePort = await freePort();
  const bot = await startChild(
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROF] : []),
      join(ROOT, 'bin', 'hybrid-bot.js'),
      MODE,
    ],
    env,
    botPort,
  );
  const bare = await startChild(
    [require.resolve('tsx/cli'), join(ROOT, 'bench', 'bare-bolt-app.ts')],
    env,
    barePort,
  );
  try {
    const warm = await load(botPort, slack.responseUrl); // warm-up, not counted (JIT, Redis scripts)
    const botRun = await load(botPort, slack.responseUrl);
    const bareRun = await load(barePort, slack.responseUrl);
    const ok = (r: autocannon.Result) => r.errors === 0 && r.non2xx === 0;
    const drained = await drain(env, warm.requests.total + botRun.requests.total, slack);
    const result = {
      mode: MODE,
      connections: 16,
      seconds_each: DURATION_S,
      bot_rps: Math.round(botRun.requests.average),
      bare_rps: Math.round(bareRun.requests.average),
      ratio: Number((botRun.requests.average / bareRun.requests.average).toFixed(3)),
      bot_p50_ms: botRun.latency.p50,
      bot_p99_ms: botRun.latency.p99,
      bare_p99_ms: bareRun.latency.p99,
      all_acked_2xx: ok(botRun) && ok(bareRun),
      ...drained,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    bot.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await slack.close();
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:ack failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
