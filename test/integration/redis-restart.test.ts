import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type FakeSlack, startFakeSlack } from '../../sim/slack/fake-slack';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server';
import { postSigned, slashCommandBody } from '../support/slack-requests';
import { until } from '../support/until';

// The real `hybrid-bot all` process against a redis-server that keeps nothing on disk, killed with
// -9 and started again on the same port: the bot must notice the empty Redis on its own.
const BIN = join(__dirname, '..', '..', 'bin', 'hybrid-bot.js');
const SECRET = 'restart-test-signing-secret-123456';
const PINGS = 20;
const SCHEDULERS = ['hosts-reconcile', 'monitor-demo', 'refresh-user-groups'];

let redis: RedisServer;
let slack: FakeSlack;
let bot: ChildProcess | undefined;
let botUrl: string;
const logLines: string[] = [];

/** A bot still starting refuses connections: that counts as not yet. */
const waitFor = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) =>
  until(what, () => probe().catch(() => undefined), timeoutMs);

const readyz = () =>
  fetch(`${botUrl}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

/** Sends `/hybrid ping`; says whether the bot took it (an empty ack) and where its reply will go. */
async function ping(): Promise<{ accepted: boolean; responseUrl: string }> {
  const responseUrl = slack.responseUrl();
  const res = await postSigned(
    botUrl,
    slashCommandBody({ text: 'ping', responseUrl }),
    'application/x-www-form-urlencoded',
    { secret: SECRET },
  ).catch(() => ({ status: 0, body: 'no answer' }));
  return { accepted: res.status === 200 && res.body === '', responseUrl };
}

const answered = (responseUrl: string) =>
  slack.calls().some((c) => c.kind === 'response_url' && responseUrl.endsWith(c.method));

async function intakeGroups(): Promise<string[]> {
  const inspect = new Redis(redis.url);
  try {
    const groups = (await inspect.xinfo('GROUPS', '{hb}:intake').catch(() => [])) as string[][];
    return groups.map((g) => String(g[1]));
  } finally {
    inspect.disconnect();
  }
}

async function schedulers(): Promise<string[]> {
  const queue = new Queue('background', { connection: { url: redis.url }, prefix: '{hb}' });
  try {
    return (await queue.getJobSchedulers()).map((s) => s.key).sort();
  } finally {
    await queue.close();
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
  slack = await startFakeSlack();
  const port = await freePort();
  botUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-restart-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    `access: { admins: [U0ADMIN], operators: [U0OPERATOR], viewers: ["*"] }
clusters:
  - { name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }
`,
  );
  bot = spawn(process.execPath, [BIN, 'all'], {
    env: {
      PATH: process.env.PATH,
      HYBRID_BOT_CONFIG: config,
      SLACK_BOT_TOKEN: 'xoxb-restart-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      REDIS_URL: redis.url,
      PORT: String(port),
      METRICS_PORT: '0',
      // No AWS here: the monitors' failures are not what this test reads.
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout?.on('data', (d: Buffer) => logLines.push(...d.toString().split('\n').filter(Boolean)));
  bot.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  // Starting compiles the bot's TypeScript: slow on a busy machine.
  await waitFor('the bot ready', async () => ((await readyz()) === 200 ? true : undefined), 60_000);
}, 70_000);

afterAll(async () => {
  bot?.kill('SIGKILL');
  await slack?.close();
  await redis?.stop();
});

it('warns at start that Redis keeps nothing across a restart', () => {
  const warning = logLines.find((l) => l.includes('Redis persistence is off'));
  expect(warning).toBeDefined();
  expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40 });
});

it('after Redis restarts empty, answers every command it acks, and says ready only once it can', async () => {
  const first = await ping();
  expect(first.accepted).toBe(true);
  await waitFor('the first pong', async () => (answered(first.responseUrl) ? true : undefined), 10_000);

  await redis.kill();
  redis = await startRedisServer({ port: redis.port });
  const restartedAt = Date.now();

  // Commands keep coming while the bot finds Redis again; then more once it says it is ready.
  const sent: { accepted: boolean; responseUrl: string }[] = [];
  for (let i = 0; i < PINGS / 2; i++) {
    sent.push(await ping());
    await new Promise((r) => setTimeout(r, 100));
  }
  await waitFor('ready again', async () => ((await readyz()) === 200 ? true : undefined), 20_000);
  const readyAfterMs = Date.now() - restartedAt;
  // Ready means the bot's groups and schedules are back, not just that Redis answers.
  const [groups, jobSchedulers] = [await intakeGroups(), await schedulers()];
  for (let i = 0; i < PINGS / 2; i++) sent.push(await ping());

  const accepted = sent.filter((s) => s.accepted);
  await waitFor(
    'every accepted ping answered',
    async () => (accepted.every((s) => answered(s.responseUrl)) ? true : undefined),
    15_000,
  ).catch(() => undefined);
  const replies = accepted.filter((s) => answered(s.responseUrl)).length;
  process.stdout.write(
    `redis restart (no persistence): sent ${sent.length} pings after the restart: acked ${accepted.length}, answered ${replies}; /readyz 200 again ${readyAfterMs} ms after the restart\n`,
  );
  expect(groups).toEqual(['dispatchers']);
  expect(jobSchedulers).toEqual(SCHEDULERS);
  expect(accepted.length).toBeGreaterThanOrEqual(PINGS / 2);
  expect(replies).toBe(accepted.length);
  // The operator reads what happened: the loss noticed, then the repair.
  const said = (text: string) => logLines.some((l) => l.includes(text));
  expect(said('Redis lost the bot’s queues')).toBe(true);
  expect(said('the bot’s queues are back in Redis')).toBe(true);
}, 90_000);
