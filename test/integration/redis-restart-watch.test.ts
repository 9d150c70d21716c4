import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createIntakeGroup, intakeGroupExists } from '../../src/adapters/queue/intake-dispatcher';
import { createRedis } from '../../src/adapters/redis/connection';
import { readRedisPersistence } from '../../src/adapters/redis/persistence';
import { type RestartWatch, watchRedisRestarts } from '../../src/adapters/redis/restart-watch';
import { createLogger } from '../../src/logger';
import { type RedisServer, startRedisServer } from '../support/redis-server';
import { until } from '../support/until';

const log = createLogger({ level: 'silent' });

/** A probe that fails while Redis is away counts as not yet. */
const waitUntil = (what: string, probe: () => Promise<boolean> | boolean) =>
  until(what, () => Promise.resolve(probe()).catch(() => false), { intervalMs: 20 });

describe('Redis persistence as the bot reads it at start', () => {
  const servers: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });
  const persistenceOf = async (args: string[]) => {
    const server = await startRedisServer({ args });
    servers.push(server);
    const redis = new Redis(server.url);
    try {
      return await readRedisPersistence(redis);
    } finally {
      redis.disconnect();
    }
  };

  it('sees no persistence in a Redis started with --save "" --appendonly no', async () => {
    expect(await persistenceOf([])).toEqual({ known: true, aof: false, snapshots: false });
  });

  it('sees the append-only file when it is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-bot-aof-'));
    expect(await persistenceOf(['--appendonly', 'yes', '--dir', dir])).toEqual({
      known: true,
      aof: true,
      snapshots: false,
    });
  });

  it('says unknown, without failing, where CONFIG is disabled as on managed Redis', async () => {
    const p = await persistenceOf(['--rename-command', 'CONFIG', '']);
    expect(p).toMatchObject({ known: false, reason: expect.stringContaining('unknown command') });
  });
});

describe('the watch over the bot’s structures in Redis', () => {
  let server: RedisServer;
  let client: Redis;
  let watch: RestartWatch & { started: Promise<void> };
  let setUps = 0;
  const aofDir = mkdtempSync(join(tmpdir(), 'hybrid-bot-aof-'));
  const persistent = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', aofDir];
  beforeAll(async () => {
    server = await startRedisServer({ args: persistent });
    client = createRedis({ url: server.url }, 'client', log);
    await new Promise((resolve) => client.once('ready', resolve));
    watch = watchRedisRestarts(
      client,
      {
        setUp: async () => {
          setUps++;
          await createIntakeGroup(client);
        },
        present: () => intakeGroupExists(client),
      },
      log,
      { checkEveryMs: 100, retryMs: 50 },
    );
    await watch.started;
  });
  afterAll(async () => {
    watch.stop();
    client.disconnect();
    await server.stop();
  });

  it('is ready once the structures are set up', async () => {
    expect(watch.ready()).toBe(true);
    expect(await intakeGroupExists(client)).toBe(true);
  });

  it('after a kill -9 and a restart that kept its data, is ready again without setting anything up', async () => {
    const before = setUps;
    await server.kill();
    await waitUntil('not ready once Redis is gone', () => !watch.ready());
    server = await startRedisServer({ port: server.port, args: persistent });
    await waitUntil('ready again', () => watch.ready());
    expect(setUps).toBe(before);
  });

  it('after a kill -9 and an empty restart on the same port, is not ready until it has set them up again', async () => {
    const before = setUps;
    await server.kill();
    await waitUntil('not ready once Redis is gone', () => !watch.ready());
    server = await startRedisServer({ port: server.port });
    await waitUntil('ready again', () => watch.ready());
    expect(setUps).toBeGreaterThan(before);
    const fresh = new Redis(server.url);
    expect(await intakeGroupExists(fresh)).toBe(true);
    fresh.disconnect();
  });

  it('sets them up again when they vanish from a Redis that did not restart', async () => {
    const before = setUps;
    const other = new Redis(server.url);
    await other.flushall();
    await waitUntil('the group back', () => intakeGroupExists(other));
    other.disconnect();
    expect(setUps).toBeGreaterThan(before);
    expect(watch.ready()).toBe(true);
  });
});
