import type { Redis } from 'ioredis';
import { key } from './connection';

/** Slack redelivers a request it thinks went unanswered; only the first delivery is acted on. */
export class RequestDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = 3600,
  ) {}

  async isFirstDelivery(requestId: string): Promise<boolean> {
    const set = await this.redis.set(key('seen', requestId), '1', 'EX', this.ttlSeconds, 'NX');
    return set === 'OK';
  }
}
