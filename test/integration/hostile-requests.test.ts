import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type FakeSlack, startFakeSlack } from '../../sim/slack/fake-slack';
import { AUDIT_STREAM } from '../../src/adapters/redis/audit-log';
import { hostileRequests } from '../support/hostile-requests';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server';
import { postSigned, slashCommandBody } from '../support/slack-requests';
import { until } from '../support/until';

// The process `npm start` runs (bin/hybrid-bot.js all), with the fake Slack and a real Redis:
// a request that kills it shows here as a refused connection and an exit code.
const BIN = join(__dirname, '..', '..', 'bin', 'hybrid-bot.js');
const SECRET = 'hostile-test-signing-secret-123456';
const CONFIG = `
access: { admins: [U0ADMIN], approvers: [U0APPROVER], operators: [U0OPERATOR], viewers: ["*"] }
clusters:
  - { name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }
`;
// Never called: every hostile request is refused or ignored before anything answers it.
const UNUSED_RESPONSE_URL = 'http://127.0.0.1:9/response/T0SIM/1/unused';

let redis: RedisServer;
let slack: FakeSlack;
let proc: ChildProcess;
let url: string;
let output = '';
let exit: { code: number | null; signal: string | null } | undefined;

beforeAll(async () => {
  redis = await startRedisServer();
  slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-hostile-'));
  writeFileSync(join(dir, 'config.yaml'), CONFIG);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  proc = spawn(process.execPath, [BIN, 'all'], {
    env: {
      PATH: process.env.PATH,
      HYBRID_BOT_CONFIG: join(dir, 'config.yaml'),
      SLACK_BOT_TOKEN: 'xoxb-hostile-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      REDIS_URL: redis.url,
      PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.on('data', (d: Buffer) => {
      output += d.toString();
    });
  }
  proc.once('exit', (code, signal) => {
    exit = { code, signal };
  });
  // Starting compiles the sources (tsx): slow on a busy machine.
  await until(
    'the bot to become ready',
    async () => {
      if (exit) throw new Error(`the bot exited before it became ready: ${output}`);
      return (await status('/readyz')) === 200;
    },
    { timeoutMs: 60_000, intervalMs: 100, detail: () => output },
  );
}, 90_000);

afterAll(async () => {
  proc?.kill('SIGKILL');
  await slack?.close();
  await redis?.stop();
});

const status = (path: string) =>
  fetch(`${url}${path}`).then(
    (r) => r.status,
    () => 0,
  );

const send = (body: string, contentType: string, skewSeconds = 0) =>
  postSigned(url, body, contentType, {
    secret: SECRET,
    timestamp: Math.floor(Date.now() / 1000) + skewSeconds,
  });

describe('signed hostile requests against the running bot', () => {
  it.each(hostileRequests(UNUSED_RESPONSE_URL).map((h) => [h.name, h] as const))(
    '%s: answered, and the process stays up',
    async (_name, h) => {
      const res = await send(h.body, h.contentType, h.skewSeconds);
      expect(res.status).toBe(h.status);
      // A crash comes a tick after the request: one more round trip is enough to see it.
      expect(await status('/healthz')).toBe(200);
      expect(exit).toBeUndefined();
    },
  );

  it('answers an over-long command with the limit at once, and audits only its first 4 KB', async () => {
    const started = Date.now();
    const res = await send(
      slashCommandBody({ text: `ping ${'a'.repeat(900 * 1024)}`, responseUrl: slack.responseUrl() }),
      'application/x-www-form-urlencoded',
    );
    const ackMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.length).toBeLessThan(1000);
    expect(String(res.json().text)).toContain('/hybrid takes at most 1,000');
    // Slack gives up on an ack after 3 s.
    expect(ackMs).toBeLessThan(2500);
    const inspect = new Redis(redis.url);
    const [[, fields] = ['', []]] = await inspect.xrevrange(AUDIT_STREAM, '+', '-', 'COUNT', 1);
    inspect.disconnect();
    const entry = JSON.parse(fields[1] ?? '{}') as { command: string; outcome: string };
    expect(entry.outcome).toBe('invalid');
    expect(entry.command.length).toBeLessThanOrEqual(4096);
    expect(entry.command).toMatch(/cut: 921,\d{3} characters in all\]$/);
  });

  it('still takes /hybrid ping afterwards, with a charset on the content type as some proxies add', async () => {
    const res = await send(
      slashCommandBody({ text: 'ping', responseUrl: slack.responseUrl() }),
      'application/x-www-form-urlencoded; charset=utf-8',
    );
    expect(res.status).toBe(200);
    await until(
      'the pong',
      () => slack.calls().find((c) => c.kind === 'response_url' && JSON.stringify(c.args).includes('pong')),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(exit).toBeUndefined();
    expect(output).not.toMatch(/Unhandled|TypeError|"level":50/);
  });
});
