import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { KEY_PREFIX } from './connection';

/** SSM's CreateActivation allowance the bot stays under, shared by every worker through Redis. */
export const DEFAULT_ACTIVATIONS_PER_SECOND = 10;

/** Paces CreateActivation calls across all workers, so a bulk registration does not run into throttling. */
export class ActivationPacer {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    readonly perSecond = DEFAULT_ACTIVATIONS_PER_SECOND,
  ) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${KEY_PREFIX}:rl:activation`,
      points: perSecond,
      duration: 1,
    });
  }

  /** Resolves when one more call may go. */
  async acquire(region: string): Promise<void> {
    for (;;) {
      try {
        await this.limiter.consume(region);
        return;
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        await new Promise((r) => setTimeout(r, Math.max(res.msBeforeNext, 10)));
      }
    }
  }
}
