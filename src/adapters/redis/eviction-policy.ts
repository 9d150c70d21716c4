import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

/**
 * Redis's `maxmemory-policy`, read from INFO (which managed Redis answers where CONFIG is disabled);
 * undefined when Redis does not say.
 */
export async function readEvictionPolicy(redis: Redis): Promise<string | undefined> {
  try {
    const info = await redis.info('memory');
    return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * One warning at start when Redis may delete the bot's keys: BullMQ needs `noeviction`. Even the
 * volatile-* policies take keys with a time to live, and a job's lock is one: its job would run twice.
 */
export async function reportEvictionPolicy(redis: Redis, log: Logger): Promise<void> {
  const policy = await readEvictionPolicy(redis);
  if (policy === undefined) {
    log.info(
      'Redis maxmemory-policy unknown (INFO memory did not say): make sure it is noeviction, as BullMQ requires',
    );
  } else if (policy !== 'noeviction') {
    log.warn(
      { maxmemoryPolicy: policy },
      `Redis maxmemory-policy is ${policy}: when Redis is full it deletes keys, jobs, their locks and the bot's changes among them. Set maxmemory-policy noeviction, as BullMQ requires`,
    );
  }
}
