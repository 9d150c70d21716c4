import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ReplicaWait } from '../../src/adapters/redis/replica-wait';
import { RequestLedger } from '../../src/adapters/redis/request-ledger';
import { kubeGet } from '../sim/kube-reader';
import { changesOf } from '../support/change-crashes';
import { hostsFile } from '../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../support/pool-support';
import { type RedisAddress, type SentinelGroup, startSentinelGroup } from '../support/redis-sentinel';
import { startRedisServer } from '../support/redis-server';
import { postSigned, slashCommandBody } from '../support/slack-requests';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

// The bot (web and workers) reaches Redis through three real Sentinels watching a primary and a
// replica. The primary is killed with -9 while a pool is being created and commands keep coming:
// a replica must be promoted, and the bot must find it by itself and lose none of its work.
const HOSTS = 4;
const PASSWORD = 'failover-test-redis-password';
const SENTINEL_PASSWORD = 'failover-test-sentinel-password';

let group: SentinelGroup;
let t: TestBot;

beforeAll(async () => {
  group = await startSentinelGroup({ password: PASSWORD, sentinelPassword: SENTINEL_PASSWORD });
  let last: RedisAddress = await group.primary();
  t = await startTestBot({
    scenario: poolScenario(HOSTS, { nodeadmInstallMs: 300, nodeadmInitMs: 300 } as never),
    file: hostsFile({ pools: { pollMinMs: 100, pollMaxMs: 400 } }),
    // A job whose claim the failover lost is taken again once its lock lapses (twice this at most).
    lockSeconds: 5,
    redis: {
      // Stopped with the bot; the URL is only where the primary was last seen (REDIS_SENTINELS wins).
      server: {
        get url() {
          return `redis://${last.host}:${last.port}`;
        },
        get port() {
          return last.port;
        },
        pid: undefined,
        stop: () => group.stop(),
        kill: async () => {
          last = await group.killPrimary();
        },
      },
      env: group.env(),
      connect: () => group.connect(),
    },
  });
}, 60_000);

afterAll(async () => {
  // The Sentinels and servers go even when the bot's stop fails: they would outlive the test run.
  await t?.stop().finally(() => group?.stop());
});

const readyz = () =>
  fetch(`${t.url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );

/** A `/hybrid ping`: whether the bot took it (an empty ack) and where its answer goes. */
async function ping(): Promise<{ acked: boolean; responseUrl: string; body: string }> {
  const responseUrl = t.slack.responseUrl();
  const res = await postSigned(
    t.url,
    slashCommandBody({ text: 'ping', responseUrl }),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  ).catch(() => ({ status: 0, body: 'no answer' }));
  return { acked: res.status === 200 && res.body === '', responseUrl, body: res.body };
}

const answers = (responseUrl: string) =>
  t.slack.calls().filter((c) => c.kind === 'response_url' && responseUrl.endsWith(c.method)).length;

it('says at start that it reaches Redis through the Sentinels, and never logs a password', () => {
  const line = t.logLines.find((l) => l.includes('Redis through Sentinel'));
  expect(JSON.parse(line ?? '{}')).toMatchObject({
    name: group.name,
    sentinels: group.env().REDIS_SENTINELS,
  });
  const all = t.logLines.join('\n');
  expect(all).not.toContain(PASSWORD);
  expect(all).not.toContain(SENTINEL_PASSWORD);
});

it('the primary killed during a pool creation and a burst of commands: a replica is promoted, the bot follows it, answers every command it acked and joins each host once', async () => {
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 30_000);
  const names = Array.from({ length: HOSTS }, (_, i) => edgeHost(i + 1));
  for (const [i, name] of names.entries()) await registerAtHost(t, name, `10.80.20.${i + 11}`);
  t.sim.control.clearEffects();

  await t.command(`pool create tills --cluster demo --profile edge-standard --hosts ${names.join(',')}`, {
    user: 'U0OPERATOR',
  });
  await approveChange(t, `Create pool tills (${HOSTS} hosts)`);
  const [change] = await until('the change recorded', async () => {
    const all = await changesOf(t).list(10);
    return all.length > 0 ? all : undefined;
  });
  const id = change?.id ?? '';
  // Strike once the change is under way: a step done and another running.
  await until(
    'a step of the pool creation done and another running',
    async () => {
      const steps = await changesOf(t).steps(id);
      return steps.some((s) => s.state === 'done') && steps.some((s) => s.state === 'running');
    },
    60_000,
  );

  // A burst just before the kill: each acked request is then in Redis, and must be answered.
  const sent = await Promise.all(Array.from({ length: 10 }, () => ping()));
  expect(sent.every((s) => s.acked)).toBe(true);
  const old = await group.primary();
  const killedAt = Date.now();
  await t.redis.kill();

  // Commands keep coming through the gap, and /readyz is read between them, until ready again.
  const readiness: number[] = [];
  await until(
    'the bot ready again after the failover',
    async () => {
      sent.push(await ping());
      readiness.push(await readyz());
      return readiness.includes(503) && readiness.at(-1) === 200;
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );
  const readyAfterMs = Date.now() - killedAt;
  const promoted = await group.waitForPromotion(old, 1000);
  for (let i = 0; i < 10; i++) sent.push(await ping());

  const acked = sent.filter((s) => s.acked);
  // Where the jobs not yet done are, for a wait that times out.
  let jobsLeft = '';
  const queues = (['commands', 'outbox'] as const).map(
    (name) => new Queue(name, { connection: t.inspect, prefix: '{hb}' }),
  );
  const lookAtJobs = async () => {
    const left = await Promise.all(
      queues.map((q) => q.getJobs(['active', 'wait', 'delayed', 'failed', 'prioritized'])),
    );
    jobsLeft = JSON.stringify(
      await Promise.all(left.flat().map(async (j) => `${j.id} ${await j.getState()} ${j.attemptsMade}`)),
    );
  };
  await until(
    'every acked command answered',
    async () => {
      await lookAtJobs().catch(() => undefined);
      return acked.every((s) => answers(s.responseUrl) > 0);
    },
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      detail: () =>
        [
          jobsLeft,
          `unanswered: ${sent.flatMap((s, i) => (s.acked && answers(s.responseUrl) === 0 ? [i] : [])).join(' ')}`,
          ...t.logLines.filter((l) => /"level":(40|50)/.test(l)).slice(-20),
        ].join('\n'),
    },
  );
  await Promise.all(queues.map((q) => q.close()));
  await until('the pool creation done', async () => (await changesOf(t).get(id))?.state === 'done', 120_000);

  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const report = {
    old: old.port,
    promoted: promoted.port,
    readyAfterMs,
    sent: sent.length,
    acked: acked.length,
    answeredTwice: acked.filter((s) => answers(s.responseUrl) > 1).length,
    readiness: readiness.join(' '),
  };
  process.stdout.write(`redis failover: ${JSON.stringify(report)}\n`);
  expect(promoted.port).not.toBe(old.port);
  // Refused during the gap (Redis unreachable, the requester told to try again), taken after it.
  expect(readiness).toContain(503);
  expect(readiness.at(-1)).toBe(200);
  expect(acked.length).toBeGreaterThanOrEqual(20);
  // The others were told at once that nothing was started.
  for (const refused of sent.filter((s) => !s.acked)) {
    expect(refused.body).toContain('cannot reach its job queue (Redis) right now, so nothing was started');
  }
  for (const name of names) {
    expect({ name, ...effects[name] }).toMatchObject({ name, 'nodeadm install': 1, 'nodeadm init': 1 });
  }
  const nodes = await kubeGet(
    t.sim,
    'demo',
    `/api/v1/nodes?labelSelector=${encodeURIComponent('hybrid-bot.io/pool=tills')}`,
  );
  expect(nodes.items).toHaveLength(HOSTS);
}, 240_000);

describe('an ack to Slack means the request is on two servers, where there are two', () => {
  const entry = { at: 0, user: 'U0OPERATOR', channel: 'C0OPS', command: '/hybrid ping', outcome: 'accepted' };

  it('holds the ack until a replica has the request', async () => {
    const primary = await startRedisServer({ args: ['--repl-diskless-sync-delay', '0'] });
    const replica = await startRedisServer({
      // The copy a replica syncs is written to its directory: a temporary one.
      args: [
        '--replicaof',
        '127.0.0.1',
        String(primary.port),
        '--dir',
        mkdtempSync(join(tmpdir(), 'hb-replica-')),
      ],
    });
    const onPrimary = new Redis(primary.url);
    const onReplica = new Redis(replica.url);
    try {
      await until('the replica in sync', async () =>
        /connected_slaves:1/.test(await onPrimary.info('replication')),
      );
      const ledger = new RequestLedger(onPrimary, 3600, new ReplicaWait(onPrimary, undefined, 5000));
      // The replica stalls (a slow disk, a long pause) for a moment while the request comes in.
      process.kill(replica.pid ?? 0, 'SIGSTOP');
      let resumed = false;
      setTimeout(() => {
        resumed = true;
        process.kill(replica.pid ?? 0, 'SIGCONT');
      }, 300);
      expect(await ledger.recordFirstDelivery('request-1', entry)).toBe(true);
      expect(resumed).toBe(true);
      expect(await onReplica.exists('{hb}:seen:request-1')).toBe(1);
    } finally {
      onPrimary.disconnect();
      onReplica.disconnect();
      await replica.kill();
      await primary.stop();
    }
  });

  it('acks at once where Redis has no replica', async () => {
    const lone = await startRedisServer();
    const redis = new Redis(lone.url);
    try {
      const ledger = new RequestLedger(redis, 3600, new ReplicaWait(redis, undefined, 5000));
      const started = Date.now();
      expect(await ledger.recordFirstDelivery('request-2', entry)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      redis.disconnect();
      await lone.stop();
    }
  });
});
