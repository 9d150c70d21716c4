import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeSlack, startFakeSlack } from '../../sim/slack/fake-slack';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server';
import { until } from '../support/until';

const BIN = join(__dirname, '..', '..', 'bin', 'hybrid-bot.js');
const CLI = join(__dirname, '..', '..', 'app', 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-cli-'));

function configFile(text: string): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

const GOOD_CONFIG = `
access: { admins: [U0ADMIN], approvers: [U0APPROVER], operators: [U0OPERATOR], viewers: ["*"] }
clusters:
  - { name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: HybridNodesRole }
`;

describe('hybrid-bot command line', () => {
  it('stops on a bad configuration with one line per problem naming the key, and no stack trace', () => {
    const path = configFile(`
access: { admins: [bob], viewers: ["*"] }
clusters:
  - { name: demo, region: mars-1, channel: C0OPS, hybridNodesRole: "arn:aws:iam::111122223333:role/HybridNodesRole" }
`);
    const r = spawnSync(process.execPath, [BIN, 'all'], {
      env: {
        PATH: process.env.PATH,
        HYBRID_BOT_CONFIG: path,
        SLACK_BOT_TOKEN: 'not-a-token',
        REDIS_URL: 'http://x',
      },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining('SLACK_BOT_TOKEN must be a Slack bot token'),
        expect.stringContaining('SLACK_SIGNING_SECRET is required'),
        expect.stringContaining('REDIS_URL must be a redis:// or rediss:// URL'),
        expect.stringContaining('access.admins[0] must be a Slack user ID'),
        expect.stringContaining('clusters[0].region must be an AWS region'),
        expect.stringContaining('clusters[0].hybridNodesRole must be an IAM role name (not an ARN)'),
      ]),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('points a newcomer with nothing configured at the demo', () => {
    const r = spawnSync(process.execPath, [BIN, 'all'], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('HYBRID_BOT_CONFIG is required');
    expect(r.stderr).toContain('npm run demo');
  });

  it('says how to call it when the mode is missing', () => {
    const r = spawnSync(process.execPath, [BIN], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: hybrid-bot web | worker | all');
  });

  describe('running', () => {
    let redis: RedisServer;
    let slack: FakeSlack;
    let proc: ChildProcess | undefined;
    beforeAll(async () => {
      redis = await startRedisServer();
      slack = await startFakeSlack();
    });
    /** A good configuration against this test's Redis and fake Slack. */
    const runningEnv = (port: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HYBRID_BOT_CONFIG: configFile(GOOD_CONFIG),
      SLACK_BOT_TOKEN: 'xoxb-cli-test',
      SLACK_SIGNING_SECRET: 'cli-test-signing-secret-123456',
      SLACK_API_URL: slack.url,
      REDIS_URL: redis.url,
      PORT: String(port),
      METRICS_PORT: '0',
    });
    afterAll(async () => {
      proc?.kill('SIGKILL');
      await slack.close();
      await redis.stop();
    });

    it('serves /readyz, then on SIGTERM stops taking requests, closes Redis and exits 0', async () => {
      const port = await freePort();
      proc = spawn(process.execPath, [BIN, 'all'], {
        env: runningEnv(port),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      await until(
        'the bot to become ready',
        async () =>
          (await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status,
            () => 0,
          )) === 200,
        { intervalMs: 100 },
      );
      const exited = new Promise<number | null>((resolve) => proc?.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('"msg":"stopped"');
      expect(out).not.toContain('xoxb-cli-test');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }, 40_000);

    it.each(['worker', 'web'])(
      'a %s process whose PORT is taken says so in one line and exits 1',
      async (mode) => {
        const taken = createServer();
        await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
        const port = (taken.address() as AddressInfo).port;
        const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, mode], {
            env: { ...runningEnv(port), LOG_LEVEL: 'error' },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr?.on('data', (d: Buffer) => {
            stderr += d.toString();
          });
          child.once('exit', (code) => resolve({ code, stderr }));
        });
        taken.close();
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`hybrid-bot: PORT ${port} is taken`);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      },
      40_000,
    );

    // Web replicas are the ones scaled out: they should not carry the SDKs only workers use.
    it.each([
      ['web', false],
      ['all', true],
    ])(
      'in %s mode the AWS and Kubernetes SDKs and job code are loaded: %s',
      (mode, expected) => {
        const script = `
        require('tsx/cjs');
        require(${JSON.stringify(CLI)}).main([${JSON.stringify(mode)}]).then(() => {
          const loaded = Object.keys(require.cache);
          const has = (part) => loaded.some((path) => path.includes(part));
          process.stdout.write(JSON.stringify({ aws: has('/@aws-sdk/'), kube: has('/@kubernetes/'), jobs: has('/jobs/') }));
          process.exit(0);
        });`;
        const r = spawnSync(process.execPath, ['-e', script], {
          env: { ...runningEnv(0), LOG_LEVEL: 'error' },
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(JSON.parse(r.stdout)).toEqual({ aws: expected, kube: expected, jobs: expected });
      },
      40_000,
    );
  });
});
