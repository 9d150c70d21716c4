import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxRetryPolicy } from '../../src/domain/outbox-retry-policy';
import { jobsDrained } from '../support/barriers';
import { readHost } from '../support/host-records';
import { hostsFile, secretsIn } from '../support/hosts-support';
import { everyRedisValue as everyRedisValueIn } from '../support/redis-values';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

/**
 * Compressed: a reply is given up 5 s after it was queued (Slack's response_url lasts 30 minutes), a
 * direct message after 6 s (6 hours).
 */
const policy: OutboxRetryPolicy = {
  firstDelayMs: 20,
  maxDelayMs: 200,
  replyLifetimeMs: 5000,
  postLifetimeMs: 6000,
  viewLifetimeMs: 5000,
  rateLimitSpreadMs: 100,
  rateLimitLogWindowMs: 1000,
};

const dataDir = mkdtempSync(join(tmpdir(), 'hb-aof-'));
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    file: hostsFile(),
    outboxPolicy: policy,
    // Persistence on, every write on disk at once: the AOF is what an attacker with the disk would read.
    redisArgs: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir],
  });
});
afterAll(async () => {
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  t.slack.clear();
  t.slack.setFault(undefined);
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const SEALED = /sealed\\*":\\*"v1\./;

const everyRedisValue = () => everyRedisValueIn(t.inspect);

/** Every byte Redis persisted (the AOF files, and any RDB), as text. */
function everyFileOnDisk(dir = dataDir): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((p) => (statSync(p).isDirectory() ? everyFileOnDisk(p) : readFileSync(p, 'latin1')))
    .join('\n');
}

const activationOf = (host: string) =>
  t.sim.control
    .state()
    .activations.find((a: { defaultInstanceName?: string }) => a.defaultInstanceName === host);

describe('activation codes while Slack is failing', () => {
  it('wait in Redis and its append-only file only sealed, and leave once delivered', async () => {
    t.slack.setFault({ errorRate: 1 });
    await t.command('host register store12-edge-21 --cluster demo --site store-12 --ip 10.80.1.21');
    // The bootstrap is waiting: Slack refused it at least twice.
    await until(
      'Slack to refuse the bootstrap twice',
      () => t.slack.calls().filter((c) => c.status === 500 && c.method.startsWith('/response/')).length >= 2,
    );
    const inRedis = await everyRedisValue();
    const onDisk = everyFileOnDisk();

    t.slack.setFault(undefined);
    const delivered = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('activationCode'),
    );
    const { activationCode } = secretsIn(text(delivered));
    expect(inRedis).not.toContain(activationCode);
    expect(onDisk).not.toContain(activationCode);
    // The scans did see the waiting job: sealed (its data is JSON inside the job's hash).
    expect(inRedis).toMatch(SEALED);
    expect(onDisk).toMatch(SEALED);

    // Delivered: the sealed job is gone too.
    await until('the sealed bootstrap to leave Redis', async () => !SEALED.test(await everyRedisValue()));
    expect(await everyRedisValue()).not.toContain(activationCode);
    expect(everyFileOnDisk()).not.toContain(activationCode);
    expect(t.logLines.join('\n')).not.toContain(activationCode);
  }, 30_000);

  it('go by direct message when the reply link expired during the outage', async () => {
    t.slack.setFault({ errorRate: 1 });
    await t.command('host register store12-edge-23 --cluster demo --site store-12 --ip 10.80.1.23');
    await until('the log to say the reply link is no longer usable', () =>
      t.logLines.some((l) => l.includes('reply link no longer usable')),
    );
    t.slack.setFault(undefined);
    const dm = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'U0OPERATOR' &&
        text(c).includes('activationCode') &&
        text(c).includes('store12-edge-23'),
    );
    const { activationId } = secretsIn(text(dm));
    expect(activationOf('store12-edge-23')).toMatchObject({ activationId });
    expect(t.slack.calls().filter((c) => c.kind === 'response_url' && c.status === 200)).toEqual([]);
  }, 30_000);

  it('are withdrawn when Slack never takes them in time: activation deleted, requester told once', async () => {
    t.slack.setFault({ errorRate: 1 });
    await t.command('host register store12-edge-22 --cluster demo --site store-12 --ip 10.80.1.22');
    await until('an activation for store12-edge-22', () => activationOf('store12-edge-22') !== undefined);
    const { activationId } = activationOf('store12-edge-22') as { activationId: string };
    // SSM fails too at first: the withdrawal is tried again, not dropped.
    t.sim.control.setFault({ service: 'ssm', operation: 'DeleteActivation', errorRate: 1 });
    // The reply's lifetime, then the direct message's (5 + 6 s here, 30 minutes + 6 hours in production),
    // pass with Slack still down.
    await until(
      'the log to say the activations could not be withdrawn',
      () => t.logLines.some((l) => l.includes('could not withdraw the activations')),
      20_000,
    );
    expect(activationOf('store12-edge-22')).toBeDefined();
    t.sim.control.clearFaults();
    await until(
      'the activation of store12-edge-22 withdrawn',
      () => activationOf('store12-edge-22') === undefined,
      20_000,
    );
    const host = async () => (await readHost(t.inspect, 'store12-edge-22')) as Record<string, unknown>;
    await until('store12-edge-22 deregistered', async () => (await host()).deregistered === true);
    expect(await host()).toMatchObject({ activationId, status: 'deregistered' });

    t.slack.setFault(undefined);
    const notice = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'U0OPERATOR' &&
        text(c).includes('could not deliver the bootstrap for host *store12-edge-22*'),
    );
    expect(text(notice)).toContain('/hybrid host register store12-edge-22 --cluster demo');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OPS' &&
        text(c).includes('store12-edge-22') &&
        text(c).includes('withdrawn'),
    );
    await jobsDrained(t.inspect);
    const notices = t.slack
      .calls()
      .filter(
        (c) =>
          c.status === 200 && text(c).includes('could not deliver the bootstrap for host *store12-edge-22*'),
      );
    expect(notices).toHaveLength(1);
    // The bootstrap itself never arrived, late, with a dead code in it.
    expect(t.slack.calls().filter((c) => c.status === 200 && text(c).includes(activationId))).toEqual([]);

    // The name is free again: registering once more issues a fresh activation to the requester.
    await t.command('host register store12-edge-22 --cluster demo --site store-12 --ip 10.80.1.22');
    const fresh = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('activationCode'));
    expect(secretsIn(text(fresh)).activationId).not.toBe(activationId);
  }, 60_000);
});
