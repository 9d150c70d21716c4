import { Redis } from 'ioredis';
import { RedisAwsPacer } from '../../../src/adapters/redis/aws-call-pacer';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import type { HostRecord } from '../../../src/domain/host-status';
import { type RedisServer, startRedisServer } from '../../support/redis-server';
import { until } from '../../support/until';

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

describe('RedisAwsPacer', () => {
  it('lets calls go unpaced until a throttle, then paces every worker at the rate that got through after it', async () => {
    const second = new Redis(server.url);
    const pacers = [new RedisAwsPacer(redis), new RedisAwsPacer(second)];
    const api = 'us-west-2 default ssm:CreateActivation';
    const started = Date.now();
    for (let i = 0; i < 20; i++) {
      await pacers[i % 2]?.acquire(api);
      await pacers[i % 2]?.succeeded(api);
    }
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pacers[0]?.rate(api)).toBe(0);

    // The account's bucket is empty: what gets through in the next half second is its refill rate.
    const throttledAt = Date.now();
    await pacers[1]?.throttled(api);
    for (let i = 0; i < 10; i++) await pacers[i % 2]?.succeeded(api);
    await until('half a second of measurement', () => Date.now() - throttledAt >= 550, { intervalMs: 10 });
    await pacers[0]?.throttled(api);
    const measuredFor = (Date.now() - throttledAt) / 1000;
    const learned = (await pacers[1]?.rate(api)) ?? 0;
    expect(learned).toBeGreaterThanOrEqual(10 / measuredFor - 0.5);
    expect(learned).toBeLessThanOrEqual(10 / 0.5);
    // A further throttle within the second does not cut it again.
    await pacers[1]?.throttled(api);
    expect(await pacers[0]?.rate(api)).toBe(learned);

    // 1 + n calls from both workers at that pace: n intervals.
    const n = Math.ceil(learned / 2);
    const paced = Date.now();
    await Promise.all(Array.from({ length: n + 1 }, (_, i) => pacers[i % 2]?.acquire(api)));
    expect(Date.now() - paced).toBeGreaterThanOrEqual((n / learned) * 1000 - 20);
    second.disconnect();
  });
});
