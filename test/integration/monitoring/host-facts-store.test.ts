import { Redis } from 'ioredis';
import { HostFactsStore } from '../../../src/adapters/redis/host-facts-store';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
let redis: Redis;
let store: HostFactsStore;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  store = new HostFactsStore(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const base = { instanceId: 'mi-0123456789abcdef0', cluster: 'demo', host: 'plant3-edge-02', site: 'plant-3' };

describe('HostFactsStore', () => {
  it('keeps a fact a later reading could not read, and replaces those it did', async () => {
    await store.record('demo', [
      { ...base, kernel: { value: '5.4.0-200-generic', at: 1 }, nodeadm: { value: 'v1.0.15', at: 1 } },
    ]);
    await store.record('demo', [{ ...base, nodeadm: { value: 'v1.0.19', at: 2 } }]);
    expect(await store.get('demo', base.instanceId)).toEqual({
      ...base,
      kernel: { value: '5.4.0-200-generic', at: 1 },
      nodeadm: { value: 'v1.0.19', at: 2 },
    });
    expect([...(await store.list('demo')).keys()]).toEqual([base.instanceId]);
    expect((await store.list('gitops')).size).toBe(0);
  });

  it('treats a record it cannot read as unknown facts, not as a failure', async () => {
    await redis.hset('{hb}:host-facts:demo', 'mi-0aaaaaaaaaaaaaaaa', JSON.stringify({ kernel: 5 }));
    expect(await store.get('demo', 'mi-0aaaaaaaaaaaaaaaa')).toBeUndefined();
    expect((await store.list('demo')).has('mi-0aaaaaaaaaaaaaaaa')).toBe(false);
  });

  it('lets one worker send each batch: a retry finds the command, or knows to look for it in SSM', async () => {
    expect(await store.claimSend('r1', 0)).toBe('send');
    // A worker that died after claiming, before recording what it sent.
    expect(await store.claimSend('r1', 0)).toBe('unsure');
    await store.sent('r1', 0, 'cmd-1');
    expect(await store.claimSend('r1', 0)).toEqual({ commandId: 'cmd-1' });
    expect(await store.claimSend('r1', 1)).toBe('send');
  });
});
