import { Redis } from 'ioredis';
import { AlertStore } from '../../../src/adapters/redis/alert-store';
import { type RedisServer, startRedisServer } from '../../support/redis-server';
import { until } from '../../support/until';

let server: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

function store(): AlertStore {
  const redis = new Redis(server.url);
  clients.push(redis);
  return new AlertStore(redis);
}

describe('AlertStore', () => {
  it('loses no write when several processes change one cluster at once', async () => {
    // Four connections stand for four worker processes; each adds its snoozes one at a time.
    const stores = [store(), store(), store(), store()];
    await Promise.all(
      stores.flatMap((s, w) =>
        Array.from({ length: 10 }, (_, i) =>
          s.update(
            'race',
            (record) => ({
              data: {
                ...record,
                snoozes: {
                  ...record.snoozes,
                  [`race/k-${w}-${i}`]: { until: 1, by: 'U0', severity: 'warning' },
                },
              },
              result: undefined,
            }),
            100,
          ),
        ),
      ),
    );
    const record = await stores[0]?.read('race');
    expect(Object.keys(record?.snoozes ?? {})).toHaveLength(40);
    expect(record?.version).toBe(40);
  });

  it('refuses a write based on a stale read', async () => {
    const s = store();
    const read = await s.read('stale');
    expect(
      await s.compareAndSet('stale', read.version, { generation: 1, notReadySince: {}, snoozes: {} }),
    ).toBe(1);
    expect(
      await s.compareAndSet('stale', read.version, { generation: 2, notReadySince: {}, snoozes: {} }),
    ).toBeUndefined();
    expect((await s.read('stale')).generation).toBe(1);
  });

  it('lets one evaluation per interval through, whoever asks', async () => {
    const [a, b] = [store(), store()];
    const claims = await Promise.all([a.claimEvaluation('demo', 500), b.claimEvaluation('demo', 500)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await until('the claim to run out', () => b.claimEvaluation('demo', 500), 5000)).toBe(true);
  });

  it('keeps subscribed channels once each', async () => {
    const s = store();
    expect(await s.subscribe('demo', 'C0B')).toBe(true);
    expect(await s.subscribe('demo', 'C0B')).toBe(false);
    await s.subscribe('demo', 'C0A');
    expect(await s.subscribers('demo')).toEqual(['C0A', 'C0B']);
  });
});
