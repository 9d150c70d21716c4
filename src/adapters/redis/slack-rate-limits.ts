import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { KEY_PREFIX, key } from './connection';

/**
 * Slack's limits, shared by every outbox worker through Redis: about one new message per second
 * per channel, and chat.update at Tier 3 (50 a minute).
 */
export class SlackRateLimits {
  private readonly posts: RateLimiterRedis;
  private readonly updates: RateLimiterRedis;

  constructor(
    private readonly redis: Redis,
    opts: { postsPerSecondPerChannel?: number; updatesPerMinute?: number } = {},
  ) {
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

  /**
   * Slack answered 429 for `method`: every worker holds that method back for `ms`. True for the
   * first 429 of the method within `logWindowMs` (the one worth a log line).
   */
  async holdBack(method: string, ms: number, logWindowMs: number): Promise<boolean> {
    const until = Date.now() + ms;
    const [, [, first]] = (await this.redis
      .multi()
      .set(key('slack-hold', method), String(until), 'PX', Math.max(1, ms))
      .set(key('slack-429-logged', method), '1', 'PX', Math.max(1, logWindowMs), 'NX')
      .exec()) as [[unknown, unknown], [unknown, string | null]];
    return first === 'OK';
  }

  /** How long these methods are still held back after a 429 (0: not at all). */
  async heldBackFor(methods: readonly string[]): Promise<number> {
    const untils = await this.redis.mget(methods.map((m) => key('slack-hold', m)));
    const latest = Math.max(0, ...untils.map((u) => Number(u ?? 0)));
    return Math.max(0, latest - Date.now());
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
