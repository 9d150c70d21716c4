import { Redis } from 'ioredis';
import { ActivationPacer } from '../../../src/adapters/redis/activation-pacer';
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

  it('derives a host status when it is read: an activation that has just expired reads as expired at once', async () => {
    let now = 1_000_000;
    const inventory = new HostInventory(redis, { now: () => now });
    await inventory.put({ ...record('e', 'expiry'), activationExpiresAt: now + 60_000 });
    expect((await inventory.get('expiry', 'e'))?.status).toBe('activation-pending');
    now += 61_000;
    expect((await inventory.get('expiry', 'e'))?.status).toBe('activation-expired');
    expect((await inventory.list('expiry')).map((h) => h.status)).toEqual(['activation-expired']);
    // Only the facts are stored, never a status that could go stale beside them.
    expect(JSON.parse((await redis.hget('{hb}:hosts:expiry', 'e')) ?? '{}')).not.toHaveProperty('status');
    // A compare-and-put against what was read still matches what is stored.
    const read = await inventory.get('expiry', 'e');
    if (!read) throw new Error('host e not read back');
    expect(await inventory.compareAndPut(read, { ...read, managedInstanceId: 'mi-0123456789abcdef0' })).toBe(
      true,
    );
    expect((await inventory.get('expiry', 'e'))?.status).toBe('registered');
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
