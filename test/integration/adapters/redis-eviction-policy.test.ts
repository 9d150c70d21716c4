import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { reportEvictionPolicy } from '../../../src/adapters/redis/eviction-policy';
import { createLogger } from '../../../src/logger';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

/** What the bot logs at start about a Redis started with these arguments: [level, message] pairs. */
async function logAtStart(args: string[]): Promise<[number, string][]> {
  const server = await startRedisServer({ args });
  servers.push(server);
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const redis = new Redis(server.url);
  try {
    await reportEvictionPolicy(redis, createLogger({ level: 'info', destination }));
  } finally {
    redis.disconnect();
  }
  return lines.map((l) => JSON.parse(l) as { level: number; msg: string }).map((l) => [l.level, l.msg]);
}

const WARN = 40;

it.each(['allkeys-lru', 'volatile-lru', 'volatile-ttl', 'allkeys-random'])(
  'warns at start when maxmemory-policy is %s, which deletes keys BullMQ needs',
  async (policy) => {
    expect(await logAtStart(['--maxmemory-policy', policy, '--maxmemory', '256mb'])).toEqual([
      [
        WARN,
        `Redis maxmemory-policy is ${policy}: when Redis is full it deletes keys, jobs, their locks and the bot's changes among them. Set maxmemory-policy noeviction, as BullMQ requires`,
      ],
    ]);
  },
);

it('says nothing when the policy is noeviction', async () => {
  expect(await logAtStart(['--maxmemory-policy', 'noeviction'])).toEqual([]);
});
