import { Redis } from 'ioredis';
import { AUDIT_STREAM } from '../../../src/adapters/redis/audit-log';
import { type NewProfileVersion, ProfileStore } from '../../../src/adapters/redis/profile-store';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
let redis: Redis;
let store: ProfileStore;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  store = new ProfileStore(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const version = (v: string, content: string, name = 'edge-base'): NewProfileVersion<unknown> => ({
  name,
  version: v,
  profile: { name, version: v, spec: { content, kubelet: { a: 1, b: 2 } } },
  savedBy: 'U0OPERATOR',
  savedAt: 1_000,
});
const audit = (command: string) => ({
  at: 1_000,
  user: 'U0OPERATOR',
  channel: 'C0OPS',
  command,
  outcome: 'saved',
});
const auditCommands = async () =>
  (await redis.xrange(AUDIT_STREAM, '-', '+')).map(([, f]) => JSON.parse(f[1] ?? '{}').command as string);

describe('ProfileStore', () => {
  it('saves a version once: the same content again changes nothing, other content is refused', async () => {
    expect(await store.save(version('1.0.0', 'aaa'), audit('save 1.0.0'))).toEqual({ outcome: 'saved' });
    expect(await store.save(version('1.0.0', 'aaa'), audit('again'))).toEqual({ outcome: 'unchanged' });
    expect(await store.save(version('1.0.0', 'bbb'), audit('overwrite'))).toEqual({ outcome: 'conflict' });
    expect((await store.get('edge-base', '1.0.0'))?.profile).toMatchObject({ spec: { content: 'aaa' } });
    // Key order is not content: the same profile written in another order is the same version.
    const reordered = {
      ...version('1.0.0', 'aaa'),
      profile: { spec: { kubelet: { b: 2, a: 1 }, content: 'aaa' }, version: '1.0.0', name: 'edge-base' },
    };
    expect(await store.save(reordered, audit('reordered'))).toEqual({ outcome: 'unchanged' });
    // Only the save that wrote something is in the audit trail.
    expect(await auditCommands()).toEqual(['save 1.0.0']);
    expect(await store.names()).toEqual(['edge-base']);
  });

  it('never deletes a version a pool uses; deletes it once no pool does', async () => {
    await store.save(version('1.1.0', 'ccc'), audit('save 1.1.0'));
    expect(await store.markUsed('edge-base', '1.1.0', 'demo/store-12')).toBe(true);
    expect(await store.markUsed('edge-base', '9.9.9', 'demo/store-12')).toBe(false);
    expect(await store.usedBy('edge-base', '1.1.0')).toEqual(['demo/store-12']);
    expect(await store.delete('edge-base', '1.1.0', audit('delete 1.1.0'))).toEqual({
      outcome: 'used',
      by: ['demo/store-12'],
    });
    expect(await store.get('edge-base', '1.1.0')).toBeDefined();
    await store.unmarkUsed('edge-base', '1.1.0', 'demo/store-12');
    expect(await store.delete('edge-base', '1.1.0', audit('delete 1.1.0'))).toEqual({ outcome: 'deleted' });
    expect(await store.get('edge-base', '1.1.0')).toBeUndefined();
    expect(await store.delete('edge-base', '1.1.0', audit('delete again'))).toEqual({ outcome: 'not-found' });
    expect((await auditCommands()).filter((c) => c.startsWith('delete'))).toEqual(['delete 1.1.0']);
  });

  it('drops a profile from the list when its last version is deleted', async () => {
    await store.save(version('1.0.0', 'x', 'short-lived'), audit('save'));
    expect(await store.names()).toContain('short-lived');
    await store.delete('short-lived', '1.0.0', audit('delete'));
    expect(await store.names()).not.toContain('short-lived');
    expect((await store.versions('edge-base')).map((v) => v.version)).toEqual(['1.0.0']);
  });
});
