import { Redis } from 'ioredis';
import { ClusterRegistry } from '../../../src/adapters/redis/cluster-registry';
import type { ClusterConfig } from '../../../src/config/schema';
import { type RedisServer, startRedisServer } from '../../support/redis-server';
import { until } from '../../support/until';

const demo: ClusterConfig = {
  name: 'demo',
  region: 'us-west-2',
  channel: 'C0OPS',
  hybridNodesRole: 'HybridNodesRole',
  vpcCidrs: [],
};
const gitops: ClusterConfig = { ...demo, name: 'gitops', channel: 'C0GITOPS' };

let server: RedisServer;
const connections: Redis[] = [];
const connect = () => {
  const r = new Redis(server.url);
  connections.push(r);
  return r;
};
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await server.stop();
});

describe('the cluster registry across processes', () => {
  it('has every process know a cluster imported or forgotten in another one, and tell its listener', async () => {
    const here = new ClusterRegistry(connect(), [demo]);
    const there = new ClusterRegistry(connect(), [demo]);
    const heard: string[][] = [];
    there.follow(connect(), async () => void heard.push(there.all().map((c) => c.name)));
    await until('the subscription', () => heard.length > 0); // read once on connecting
    expect(there.all().map((c) => c.name)).toEqual(['demo']);

    await here.record({ cluster: gitops, importedBy: 'U0ADMIN', importedAt: 1, change: 'c1' });
    expect(here.all().map((c) => c.name)).toEqual(['demo', 'gitops']);
    await until('the other process hears of gitops', () => there.find('gitops')?.source === 'imported');
    expect(heard.at(-1)).toEqual(['demo', 'gitops']);

    expect(await here.forget('gitops')).toBe(true);
    await until('the other process forgets gitops', () => there.find('gitops') === undefined);
    expect(heard.at(-1)).toEqual(['demo']);
  });

  it('lets the file win over an imported cluster of the same name', async () => {
    const registry = new ClusterRegistry(connect(), [gitops]);
    await registry.record({
      cluster: { ...gitops, channel: 'C0ELSE' },
      importedBy: 'U0ADMIN',
      importedAt: 1,
      change: 'c2',
    });
    expect(registry.list()).toEqual([{ cluster: gitops, source: 'file' }]);
  });
});
