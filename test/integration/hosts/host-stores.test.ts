import { Redis } from 'ioredis';
import { ActivationPacer } from '../../../src/adapters/redis/activation-pacer';
import { ApprovalStore, type StoredApproval } from '../../../src/adapters/redis/approval-store';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import type { HostRecord } from '../../../src/domain/host-status';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const approval = (id: string): StoredApproval => ({
  id,
  kind: 'host-deregister',
  title: 'Deregister host pos-1',
  cluster: 'demo',
  channel: 'C0OPS',
  plan: { host: 'pos-1' },
  summary: [],
  createdAt: 0,
  requester: 'U0OPERATOR',
  planHash: 'h',
  expiresAt: Date.now() + 60_000,
  state: 'pending',
});

describe('ApprovalStore', () => {
  it('records exactly one of many simultaneous decisions, from separate connections', async () => {
    const store = new ApprovalStore(redis);
    await store.create(approval('race'));
    const clients = Array.from({ length: 10 }, () => new Redis(server.url));
    const wins = await Promise.all(
      clients.map((c, i) =>
        new ApprovalStore(c).decide('race', { state: i % 2 ? 'approved' : 'rejected', by: `U${i}`, at: i }),
      ),
    );
    for (const c of clients) c.disconnect();
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect((await store.get('race'))?.decidedBy).toBe(`U${winner}`);
  });
});

describe('HostInventory', () => {
  const record = (name: string, cluster = 'demo'): HostRecord => ({
    name,
    cluster,
    site: 's',
    auth: 'ssm',
    deregistered: false,
    status: 'activation-pending',
  });

  it('replaces one cluster without touching another, and counts deregistered names as free', async () => {
    const inventory = new HostInventory(redis);
    await inventory.put(record('a'));
    await inventory.put(record('b', 'other'));
    await inventory.replaceCluster(
      'demo',
      [record('c'), { ...record('d'), deregistered: true, status: 'deregistered' }],
      await inventory.revision('demo'),
    );
    expect((await inventory.list()).map((h) => `${h.cluster}/${h.name}`)).toEqual([
      'demo/c',
      'demo/d',
      'other/b',
    ]);
    expect(await inventory.activeNames('demo')).toEqual(['c']);
    expect((await inventory.find('b')).map((h) => h.cluster)).toEqual(['other']);
  });
});

describe('ActivationPacer', () => {
  it('lets no more than its rate through per second, across pacers sharing Redis', async () => {
    const second = new Redis(server.url);
    const pacers = [new ActivationPacer(redis, 5), new ActivationPacer(second, 5)];
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        await pacers[i % 2]?.acquire('us-west-2');
        times.push(Date.now() - started);
      }),
    );
    second.disconnect();
    // 15 calls at 5 a second need at least two full windows after the first.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(1900);
  });
});
