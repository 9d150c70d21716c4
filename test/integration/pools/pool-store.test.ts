import { Redis } from 'ioredis';
import { type NewPool, PoolStore } from '../../../src/adapters/redis/pool-store';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
let redis: Redis;
let store: PoolStore;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  store = new PoolStore(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const pool = (name: string, cluster = 'demo'): NewPool => ({
  cluster,
  name,
  profile: { name: 'edge-standard', version: '1.2.0' },
  arch: 'amd64',
  labels: { 'example.com/tier': 'pos' },
  taints: [],
  maxParallel: 5,
  createdBy: 'U0OPERATOR',
  createdAt: 1_796_000_000_000,
});

describe('PoolStore', () => {
  it('creates a pool once, with no hosts, and reads it back as written', async () => {
    expect(await store.create(pool('edge-a'))).toBe(true);
    expect(await store.create({ ...pool('edge-a'), maxParallel: 9 })).toBe(false);
    expect(await store.get('demo', 'edge-a')).toEqual({ ...pool('edge-a'), hosts: [] });
    expect(await store.get('demo', 'edge-z')).toBeUndefined();
  });

  it('records members once each, and never one host in two pools of a cluster', async () => {
    await store.create(pool('edge-b'));
    await store.create(pool('edge-b', 'gitops'));
    expect(await store.addMember('demo', 'edge-a', 'h2')).toEqual({ outcome: 'added' });
    expect(await store.addMember('demo', 'edge-a', 'h1')).toEqual({ outcome: 'added' });
    expect(await store.addMember('demo', 'edge-a', 'h1')).toEqual({ outcome: 'already' });
    expect(await store.addMember('demo', 'edge-b', 'h1')).toEqual({ outcome: 'taken', pool: 'edge-a' });
    expect(await store.addMember('demo', 'nowhere', 'h9')).toEqual({ outcome: 'no-pool' });
    // Another cluster's pools are another namespace.
    expect(await store.addMember('gitops', 'edge-b', 'h1')).toEqual({ outcome: 'added' });
    expect((await store.get('demo', 'edge-a'))?.hosts).toEqual(['h1', 'h2']);
    expect(await store.poolOf('demo', 'h1')).toBe('edge-a');
  });

  it('lets exactly one of two pools racing for a host have it', async () => {
    await store.create(pool('race-1'));
    await store.create(pool('race-2'));
    const second = new Redis(server.url);
    const results = await Promise.all([
      store.addMember('demo', 'race-1', 'h-race'),
      new PoolStore(second).addMember('demo', 'race-2', 'h-race'),
    ]);
    second.disconnect();
    expect(results.filter((r) => r.outcome === 'added')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'taken')).toHaveLength(1);
  });

  it('frees a removed host for another pool, and deletes a pool only once it is empty', async () => {
    expect(await store.deleteEmpty('demo', 'edge-a')).toBe('not-empty');
    expect(await store.removeMember('demo', 'edge-a', 'h1')).toBe(true);
    expect(await store.removeMember('demo', 'edge-a', 'h1')).toBe(false);
    expect(await store.poolOf('demo', 'h1')).toBeUndefined();
    expect(await store.addMember('demo', 'edge-b', 'h1')).toEqual({ outcome: 'added' });
    await store.removeMember('demo', 'edge-a', 'h2');
    expect(await store.deleteEmpty('demo', 'edge-a')).toBe('deleted');
    expect(await store.deleteEmpty('demo', 'edge-a')).toBe('not-found');
    const listed = await store.list('demo');
    expect(listed.map((p) => p.name)).toEqual(['edge-b', 'race-1', 'race-2']);
    expect(listed[0]?.hosts).toEqual(['h1']);
    // The race's winner holds the host; the other pool stayed empty.
    expect(listed.slice(1).flatMap((p) => p.hosts)).toEqual(['h-race']);
    expect((await store.list()).map((p) => `${p.cluster}/${p.name}`)).toContain('gitops/edge-b');
  });

  it("keeps each member's last change: with the join, on later changes, and gone with the member", async () => {
    await store.create(pool('edge-c'));
    const joined = { at: 1_796_000_000_000, what: 'joined by change c-1' };
    expect(await store.addMember('demo', 'edge-c', 'hc1', joined)).toEqual({ outcome: 'added' });
    await store.addMember('demo', 'edge-c', 'hc2');
    expect(await store.memberChanges('demo', 'edge-c')).toEqual({ hc1: joined });
    const relabelled = { at: 1_796_000_100_000, what: 'labels patched by change c-2' };
    expect(await store.recordMemberChange('demo', 'edge-c', 'hc2', relabelled)).toBe(true);
    // A host that is not a member gets no change recorded.
    expect(await store.recordMemberChange('demo', 'edge-c', 'h-stranger', relabelled)).toBe(false);
    expect(await store.memberChanges('demo', 'edge-c')).toEqual({ hc1: joined, hc2: relabelled });
    await store.removeMember('demo', 'edge-c', 'hc1');
    expect(await store.memberChanges('demo', 'edge-c')).toEqual({ hc2: relabelled });
  });
});
