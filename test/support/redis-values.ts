import type { Redis } from 'ioredis';

/** Every value in Redis, of every type, as text: stored job data, the audit stream, the inventory, all of it. */
export async function everyRedisValue(redis: Redis): Promise<string> {
  const out: string[] = [];
  for (const k of await redis.keys('*')) {
    const type = await redis.type(k);
    if (type === 'string') out.push((await redis.get(k)) ?? '');
    else if (type === 'hash') out.push(JSON.stringify(await redis.hgetall(k)));
    else if (type === 'list') out.push(JSON.stringify(await redis.lrange(k, 0, -1)));
    else if (type === 'set') out.push(JSON.stringify(await redis.smembers(k)));
    else if (type === 'zset') out.push(JSON.stringify(await redis.zrange(k, '0', '-1', 'WITHSCORES')));
    else if (type === 'stream') out.push(JSON.stringify(await redis.xrange(k, '-', '+')));
    // 'none': the key expired or was deleted since KEYS listed it.
    else if (type !== 'none') throw new Error(`key ${k} has a type the scan does not read: ${type}`);
  }
  return out.join('\n');
}
