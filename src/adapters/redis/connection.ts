import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../logger';

/** Every key the bot writes starts with this; the hash tag keeps them on one Redis Cluster slot. */
export const KEY_PREFIX = '{hb}';

export function key(...parts: string[]): string {
  return [KEY_PREFIX, ...parts].join(':');
}

/** Where the bot's Redis is: one URL, or the Sentinels that know which server is the primary now. */
export type RedisTarget =
  | { url: string; password?: string }
  | {
      sentinels: { host: string; port: number }[];
      name: string;
      password?: string;
      sentinelPassword?: string;
    };

/** The variables of the environment that say where Redis is (see src/config/schema.ts). */
export interface RedisEnv {
  REDIS_URL: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/** REDIS_SENTINELS and REDIS_SENTINEL_NAME, when set, win over REDIS_URL. */
export function redisTarget(env: RedisEnv): RedisTarget {
  if (env.REDIS_SENTINELS && env.REDIS_SENTINEL_NAME) {
    return {
      sentinels: env.REDIS_SENTINELS.split(',').map((s) => {
        const [host = '', port = ''] = s.trim().split(':');
        return { host, port: Number(port) };
      }),
      name: env.REDIS_SENTINEL_NAME,
      password: env.REDIS_PASSWORD,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    };
  }
  return { url: env.REDIS_URL, password: env.REDIS_PASSWORD };
}

/** Where the bot's Redis is, for the start-up log: never a password. */
export function describeRedisTarget(target: RedisTarget): Record<string, unknown> {
  if ('sentinels' in target) {
    return {
      sentinels: target.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      name: target.name,
    };
  }
  const url = new URL(target.url);
  return { redis: `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}` };
}

// After a failover an old primary still running is made a replica, and keeps its clients: writes
// sent to it are refused with READONLY. Reconnecting asks the Sentinels again; 2 resends the
// refused command to the new primary on connections that queue while offline, and fails it as
// "Redis unreachable" on the fail-fast ones (the requester is told to try again, a job retried).
// ioredis's failoverDetector would reconnect on Sentinel's +switch-master instead, but its Sentinel
// subscriptions outlive quit(), which BullMQ closes its connections with: a process could not end.
const reconnectOnError = (err: Error): 2 | false => (err.message.startsWith('READONLY') ? 2 : false);

/**
 * `worker` connections block and wait for Redis (BullMQ's production advice);
 * `client` and `requests` connections fail fast when Redis is down, so a Slack request can be told at once.
 * `requests` carries only the Slack request path (one script call per request): it has none of BullMQ's
 * scripts, whose copying into every auto-pipeline was the largest cost of a request.
 * Through Sentinel, every connection (and BullMQ's duplicates of it) asks the Sentinels for the primary
 * on each reconnect, and checks that the server it reaches is the primary.
 */
export function createRedis(target: RedisTarget, kind: 'client' | 'requests' | 'worker', log: Logger): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: kind === 'worker' ? null : 1,
    enableOfflineQueue: kind === 'worker',
    lazyConnect: false,
    // Commands issued in the same tick share one write: requests arriving together cost Redis one read.
    enableAutoPipelining: kind !== 'worker',
    // Back off up to 5 s between reconnects: never a hot loop against a Redis that is down. Through
    // Sentinel, up to 1 s: each attempt asks the Sentinels, which name the new primary within seconds.
    retryStrategy:
      'sentinels' in target
        ? (times) => Math.min(100 * 2 ** Math.min(times, 4), 1000)
        : (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
    reconnectOnError,
    ...(target.password ? { password: target.password } : {}),
  };
  const redis =
    'sentinels' in target
      ? new Redis({
          ...options,
          sentinels: target.sentinels,
          name: target.name,
          role: 'master',
          ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
          // While no Sentinel answers, try them again every second at most.
          sentinelRetryStrategy: (times) => Math.min(100 * times, 1000),
        })
      : new Redis(target.url, options);
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
