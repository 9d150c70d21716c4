import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { KEY_PREFIX } from './connection';

/**
 * Slack's limits, shared by every outbox worker through Redis: about one new message per second
 * per channel, and chat.update at Tier 3 (50 a minute).
 */
export class SlackRateLimits {
  private readonly posts: RateLimiterRedis;
  private readonly updates: RateLimiterRedis;

  constructor(redis: Redis, opts: { postsPerSecondPerChannel?: number; updatesPerMinute?: number } = {}) {
    this.posts = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${KEY_PREFIX}:rl:post`,
      points: opts.postsPerSecondPerChannel ?? 1,
      duration: 1,
    });
    this.updates = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${KEY_PREFIX}:rl:update`,
      points: opts.updatesPerMinute ?? 50,
      duration: 60,
    });
  }

  /** 0 when the post may go now, otherwise how many ms to wait. */
  waitForPost(channel: string): Promise<number> {
    return consume(this.posts, channel);
  }

  waitForUpdate(): Promise<number> {
    return consume(this.updates, 'chat.update');
  }
}

async function consume(limiter: RateLimiterRedis, k: string): Promise<number> {
  try {
    await limiter.consume(k);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(res.msBeforeNext, 50);
    throw res;
  }
}
