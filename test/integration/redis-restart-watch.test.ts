import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { commandIntake, Intake } from '../../src/adapters/queue/intake';
import {
  createIntakeGroup,
  intakeGroupExists,
  startIntakeDispatcher,
} from '../../src/adapters/queue/intake-dispatcher';
import { createQueues } from '../../src/adapters/queue/queues';
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

describe('the intake dispatcher when Redis fails it between reading an entry and adding its job', () => {
  it('takes the entry again within seconds, not after the 30 s takeover of a dead dispatcher', async () => {
    const server = await startRedisServer();
    const client = createRedis({ url: server.url }, 'client', log);
    const blocking = createRedis({ url: server.url }, 'worker', log);
    const queues = createQueues(client, log);
    await until('connected', () => client.status === 'ready' && blocking.status === 'ready');
    await createIntakeGroup(client);
    // As after a failover: the blocking connection read the entry, the other was not back yet.
    const addBulk = queues.commands.addBulk.bind(queues.commands);
    let refusals = 1;
    queues.commands.addBulk = async (jobs) => {
      if (refusals-- > 0) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      return addBulk(jobs);
    };
    const dispatcher = startIntakeDispatcher(blocking, client, queues, log, async () => false);
    try {
      await new Intake(client).add(commandIntake({ command: 'ping' } as never, 'request-1'));
      const job = await until('the job of the entry', () => queues.commands.getJob('cmd-request-1'), 5000);
      expect(job.name).toBe('ping');
      expect(refusals).toBe(-1);
      expect(await client.xlen('{hb}:intake')).toBe(0);
    } finally {
      await dispatcher.stop();
      await queues.close();
      client.disconnect();
      await server.stop();
    }
  });
});
