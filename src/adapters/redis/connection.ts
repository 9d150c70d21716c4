import { Redis } from 'ioredis';
import type { Logger } from '../../logger';

/** Every key the bot writes starts with this; the hash tag keeps them on one Redis Cluster slot. */
export const KEY_PREFIX = '{hb}';

export function key(...parts: string[]): string {
  return [KEY_PREFIX, ...parts].join(':');
}

/**
 * `worker` connections block and wait for Redis (BullMQ's production advice);
 * `client` and `requests` connections fail fast when Redis is down, so a Slack request can be told at once.
 * `requests` carries only the Slack request path (one script call per request): it has none of BullMQ's
 * scripts, whose copying into every auto-pipeline was the largest cost of a request.
 */
export function createRedis(url: string, kind: 'client' | 'requests' | 'worker', log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: kind === 'worker' ? null : 1,
    enableOfflineQueue: kind === 'worker',
    lazyConnect: false,
    // Commands issued in the same tick share one write: requests arriving together cost Redis one read.
    enableAutoPipelining: kind !== 'worker',
    // Back off up to 5 s between reconnects: never a hot loop against a Redis that is down.
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  let lastReport = 0;
  redis.on('error', (err: Error) => {
    // One line per 30 s at most while Redis stays unreachable.
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      log.error({ err: err.message, kind }, 'redis connection error');
    }
  });
  return redis;
}
