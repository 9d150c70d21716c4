import { Redis } from 'ioredis';
import { DiagnosticsInFlight } from '../../../src/adapters/redis/diagnostics-in-flight';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server.stop();
});

function store(): DiagnosticsInFlight {
  const redis = new Redis(server.url);
  clients.push(redis);
  return new DiagnosticsInFlight(redis);
}

describe('diagnostics in flight', () => {
  it('lets one of two clicks handled at once by two workers begin on a host; the other is told they run', async () => {
    const [a, b] = [store(), store()];
    const begun = await Promise.all([
      a.beginIfIdle('c1', 'diagnose-click-1', 'edge-01', 10_000, 0),
      b.beginIfIdle('c1', 'diagnose-click-2', 'edge-01', 10_000, 0),
    ]);
    expect(begun.filter(Boolean)).toHaveLength(1);
    // The winner's job run again (a retry) begins again; another host is free.
    const winner = begun[0] ? 'diagnose-click-1' : 'diagnose-click-2';
    expect(await a.beginIfIdle('c1', winner, 'edge-01', 10_000, 1)).toBe(true);
    expect(await a.beginIfIdle('c1', 'diagnose-click-3', 'edge-02', 10_000, 1)).toBe(true);
    expect((await a.running('c1', 2)).map((r) => r.host).sort()).toEqual(['edge-01', 'edge-02']);

    await a.end('c1', winner);
    expect(await b.beginIfIdle('c1', 'diagnose-click-4', 'edge-01', 10_000, 3)).toBe(true);
  });

  it('stops counting diagnostics whose result never came once their time is past', async () => {
    const s = store();
    await s.begin('c2', 'diagnose-demo-1-mi-1', 'edge-01', 5_000);
    expect(await s.running('c2', 4_999)).toHaveLength(1);
    expect(await s.beginIfIdle('c2', 'diagnose-click-1', 'edge-01', 20_000, 4_000)).toBe(false);
    expect(await s.running('c2', 5_000)).toEqual([]);
    expect(await s.beginIfIdle('c2', 'diagnose-click-1', 'edge-01', 20_000, 5_000)).toBe(true);
  });
});
