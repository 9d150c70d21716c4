import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

export type RedisPersistence =
  | { known: true; aof: boolean; snapshots: boolean }
  | { known: false; reason: string };

/** What Redis keeps across a restart: the append-only file, snapshots, both or nothing. */
export async function readRedisPersistence(redis: Redis): Promise<RedisPersistence> {
  try {
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    const [, save] = (await redis.config('GET', 'save')) as string[];
    if (appendonly === undefined || save === undefined) {
      return { known: false, reason: 'CONFIG GET answered nothing' };
    }
    return { known: true, aof: appendonly === 'yes', snapshots: save.trim() !== '' };
  } catch (err) {
    // Managed Redis (ElastiCache, MemoryDB, Azure Cache) disables or renames CONFIG.
    return { known: false, reason: (err as Error).message };
  }
}

/** One line at start when Redis would lose what the bot accepted if it restarted. */
export async function reportRedisPersistence(redis: Redis, log: Logger): Promise<void> {
  const p = await readRedisPersistence(redis);
  if (!p.known) {
    log.info(
      { reason: p.reason },
      'Redis persistence unknown (CONFIG GET failed; managed Redis often disables it): make sure the append-only file is on (appendonly yes, appendfsync everysec)',
    );
  } else if (!p.aof && !p.snapshots) {
    log.warn(
      'Redis persistence is off (appendonly no, save ""): a Redis restart loses the jobs in flight and queued at that moment. Set appendonly yes with appendfsync everysec',
    );
  } else if (!p.aof) {
    log.info(
      'Redis keeps snapshots only: a Redis restart loses the jobs accepted since the last one. appendonly yes with appendfsync everysec loses at most a second',
    );
  }
}
