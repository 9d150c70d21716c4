import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Redis } from 'ioredis';
import { monitorCluster } from '../../../jobs/monitoring/monitor-cluster';
import { AlertStore } from '../../../src/adapters/redis/alert-store';
import { key } from '../../../src/adapters/redis/connection';
import { createStores } from '../../../src/adapters/redis/stores';
import { createSecretBox } from '../../../src/adapters/secret-box';
import { fileSchema } from '../../../src/config/schema';
import { snoozeAlert } from '../../../src/domain/alerts/alert-state';
import { SITE_LABEL } from '../../../src/domain/bot-labels';
import type { OutboundMessage } from '../../../src/job-data';
import { type RedisServer, startRedisServer } from '../../support/redis-server';
import { until } from '../../support/until';
import { startAdapters } from '../adapters/harness';

let redisServer: RedisServer;
let redis: Redis;
let adapters: Awaited<ReturnType<typeof startAdapters>>;
const sent: OutboundMessage[] = [];
/** Background jobs the monitor started (the alerts' diagnostics): their IDs and data. */
const started: { name: string; data: unknown; jobId: string }[] = [];
let now = Date.parse('2026-01-05T08:00:00Z');
const config = fileSchema.parse({
  access: { viewers: ['*'] },
  clusters: [
    {
      name: 'demo',
      region: 'us-west-2',
      channel: 'C0OPS',
      alertChannel: 'C0ALERTS',
      hybridNodesRole: 'HybridNodesRole',
    },
  ],
  monitor: {
    intervalSeconds: 1,
    gracePeriodSeconds: 300,
    repeatIntervalSeconds: 14_400,
    diagnoseConcurrency: 1,
  },
});
const cluster = config.clusters[0] as (typeof config.clusters)[number];

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url);
  adapters = await startAdapters();
  adapters.sim.control.addHybridNodes('demo', { count: 4, sites: ['store-12'], siteLabel: SITE_LABEL });
});
afterAll(async () => {
  redis.disconnect();
  await adapters.close();
  await redisServer.stop();
});

/**
 * One scheduled evaluation at the bot's clock + `seconds`. The claim of the last one is dropped
 * rather than waited out: it only keeps two workers from evaluating one interval twice.
 */
async function evaluateAt(seconds: number): Promise<OutboundMessage[]> {
  await redis.del(key('monitor-claim', 'demo'));
  now += seconds * 1000;
  const before = sent.length;
  await monitorCluster(cluster, {
    cloud: adapters.clients,
    redis,
    stores: createStores(redis, createSecretBox(randomBytes(32))),
    config,
    clock: { now: () => now },
    outbox: { send: async (m) => void sent.push(m), reserveVersion: async () => 0 },
    background: {
      start: async (name, data, jobId) => {
        started.push({ name, data, jobId });
      },
    },
  });
  return sent.slice(before);
}

const texts = (messages: OutboundMessage[]) => messages.map((m) => ('text' in m ? m.text : ''));

describe('monitor of one cluster over time', () => {
  it('reads the cluster over one connection to its API server, closed once read: the next sweep resumes its TLS session', async () => {
    adapters.clients.close(); // no connection open yet
    const port = Number(new URL(adapters.sim.clusters.demo?.kubeEndpoint ?? '').port);
    const connections: { socket: TLSSocket; resumed: boolean }[] = [];
    let reused = 0;
    const count = (message: unknown) => {
      const { request } = message as { request: ClientRequest };
      const socket = request.socket as TLSSocket | null;
      if (socket?.remotePort !== port) return;
      if (request.reusedSocket) reused += 1;
      else connections.push({ socket, resumed: socket.isSessionReused() });
    };
    subscribe('http.client.response.finish', count);
    try {
      await evaluateAt(0);
      expect({ connections: connections.length, reused: reused > 0 }).toEqual({
        connections: 1,
        reused: true,
      });
      // Between sweeps no connection stays open: a thousand clusters' would hold their TLS buffers.
      expect(connections.map((c) => c.socket.destroyed)).toEqual([true]);
      await evaluateAt(60);
      expect(connections.map((c) => ({ resumed: c.resumed, closed: c.socket.destroyed }))).toEqual([
        { resumed: false, closed: true },
        { resumed: true, closed: true },
      ]);
    } finally {
      unsubscribe('http.client.response.finish', count);
    }
  });

  it("reads the cluster's inventory once per evaluation, for its facts, its hosts' nodes, pools and diagnostics alike", async () => {
    const monitor = await redis.monitor();
    const reads: string[] = [];
    let marker = false;
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'hgetall' && args[1] === key('hosts', 'demo')) reads.push(args[1]);
      if (args[0]?.toLowerCase() === 'echo' && args[1] === 'evaluated') marker = true;
    });
    try {
      await evaluateAt(60);
      // Redis runs commands in order: once the monitor sees this one, it has seen the evaluation's.
      await redis.echo('evaluated');
      await until('the monitor connection to see the evaluation', () => marker);
      expect(reads).toHaveLength(1);
    } finally {
      monitor.disconnect();
    }
  });

  it('asks EKS only for what its alert rules read: no add-ons or access entries, which only the doctor checks', async () => {
    adapters.sim.control.clearApiCalls();
    await evaluateAt(60);
    const calls = Object.keys(adapters.sim.control.apiCalls());
    expect(calls.some((c) => c.endsWith('DescribeCluster'))).toBe(true);
    expect(calls.some((c) => c.endsWith('DescribeNodegroup'))).toBe(true);
    expect(calls.filter((c) => /Addon|AccessEntr/.test(c))).toEqual([]);
  });

  it('waits out the grace period, reminds at the repeat interval, honours a snooze until it ends', async () => {
    const node = adapters.sim.control
      .state()
      .nodes.find((n) => n.cluster === 'demo' && n.computeType === 'hybrid');
    adapters.sim.control.setNodeReady(String(node?.name), false, 'demo');

    expect(await evaluateAt(0)).toEqual([]);
    expect(await evaluateAt(200)).toEqual([]);
    const posted = await evaluateAt(101);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ kind: 'post', channel: 'C0ALERTS', slot: 'alert-demo-1-C0ALERTS' });
    expect(texts(posted)[0]).toContain(`Hybrid node ${node?.name} (site store-12) is NotReady on demo`);

    expect(await evaluateAt(600)).toEqual([]);
    const reminded = await evaluateAt(14_400);
    expect(texts(reminded)[0]).toContain('Still firing on demo, not acknowledged');

    const alertKey = `demo/node-not-ready/${node?.name}`;
    await new AlertStore(redis).update('demo', (record) => {
      const tracked = record.group?.alerts[alertKey];
      if (!tracked) return undefined;
      const { version: _version, ...rest } = record;
      return {
        data: { ...rest, snoozes: snoozeAlert(record.snoozes, tracked.alert, 'U0OPS', 3600, now) },
        result: 0,
      };
    });
    const snoozed = await evaluateAt(60);
    expect(texts(snoozed)).toEqual([expect.any(String), expect.stringContaining('Snoozed by <@U0OPS>')]);
    expect(await evaluateAt(1800)).toEqual([]);
    const ended = await evaluateAt(1800);
    expect(texts(ended)[1]).toContain('Snooze ended');

    adapters.sim.control.setNodeReady(String(node?.name), true, 'demo');
    const resolved = await evaluateAt(60);
    expect(resolved[0]).toMatchObject({ kind: 'post', slot: 'alert-demo-1-C0ALERTS' });
    expect(texts(resolved)[0]).toContain('Resolved on demo');
    expect(resolved[1]).toMatchObject({ threadOfSlot: 'alert-demo-1-C0ALERTS' });

    // The next problem starts a new message.
    adapters.sim.control.setNodeReady(String(node?.name), false, 'demo');
    await evaluateAt(0);
    expect(await evaluateAt(301)).toEqual([expect.objectContaining({ slot: 'alert-demo-2-C0ALERTS' })]);
  });

  it('pages nobody for one failed sweep: the next good read carries on as before', async () => {
    // Still firing from the test above: one hybrid node NotReady on message alert-demo-2.
    adapters.sim.control.setFault({ service: 'eks', errorRate: 1 });
    try {
      expect(await evaluateAt(60)).toEqual([]);
    } finally {
      adapters.sim.control.clearFaults();
    }
    expect(await evaluateAt(60)).toEqual([]);
    const record = await new AlertStore(redis).read('demo');
    expect(Object.keys(record.group?.alerts ?? {})).toEqual([
      expect.stringMatching(/^demo\/node-not-ready\//),
    ]);
    expect(record.unreachableSince).toBeUndefined();
  });

  it('reports a sustained AWS outage as one unknown alert, keeping what fired before, without node alerts', async () => {
    adapters.sim.control.setSiteOutage('store-12', true);
    adapters.sim.control.setFault({ service: 'eks', errorRate: 1 });
    try {
      expect(await evaluateAt(60)).toEqual([]);
      expect(await evaluateAt(239)).toEqual([]);
      const during = await evaluateAt(61);
      expect(during).toEqual([
        expect.objectContaining({ kind: 'post', slot: 'alert-demo-2-C0ALERTS' }),
        expect.objectContaining({ threadOfSlot: 'alert-demo-2-C0ALERTS' }),
      ]);
      const all = texts(during).join('\n');
      expect(all).toContain('Firing: State of demo unknown');
      expect(all).not.toMatch(/Site store-12|Resolved/);
      expect(await evaluateAt(60)).toEqual([]);
    } finally {
      adapters.sim.control.clearFaults();
      adapters.sim.control.setSiteOutage('store-12', false);
    }
  });

  it('diagnoses each NotReady SSM host once, and no more at once than diagnoseConcurrency: the next waits for a later sweep', async () => {
    const hybrid = adapters.sim.control
      .state()
      .nodes.filter((n) => n.cluster === 'demo' && n.computeType === 'hybrid')
      .map((n) => n.name);
    for (const name of hybrid) adapters.sim.control.setNodeReady(name, true, 'demo');
    await evaluateAt(60);
    const stores = createStores(redis, createSecretBox(randomBytes(32)));
    for (const [i, name] of hybrid.entries()) {
      await stores.inventory.put({
        name: `store12-edge-${i}`,
        cluster: 'demo',
        site: 'store-12',
        auth: 'ssm',
        managedInstanceId: name,
        node: { name, ready: true },
        deregistered: false,
        status: 'joined',
      });
    }
    const [, first, second] = hybrid;
    adapters.sim.control.setNodeReady(String(first), false, 'demo');
    adapters.sim.control.setNodeReady(String(second), false, 'demo');
    started.length = 0;
    await evaluateAt(0);
    expect(started).toEqual([]);
    expect(await evaluateAt(301)).toEqual([expect.objectContaining({ kind: 'post' })]);
    expect(started).toHaveLength(1);
    // A job started again by its ID adds nothing: what counts is how many different ones.
    const jobs = () => [...new Set(started.map((s) => s.jobId))];
    const running = started[0] as { jobId: string; data: { host: string; target: { threadOfSlot: string } } };
    expect(running.data.target.threadOfSlot).toMatch(/^alert-demo-\d+-C0ALERTS$/);

    // While it runs, the other waits, however many sweeps.
    await stores.diagnosing.begin('demo', running.jobId, running.data.host, now + 600_000);
    await evaluateAt(60);
    await evaluateAt(60);
    expect(jobs()).toEqual([running.jobId]);

    await stores.diagnosing.end('demo', running.jobId);
    await evaluateAt(60);
    await evaluateAt(60);
    expect(jobs()).toHaveLength(2);
    expect([...new Set(started.map((s) => (s.data as { host: string }).host))].sort()).toEqual([
      'store12-edge-1',
      'store12-edge-2',
    ]);
  });
});
