import type { Clock } from '../clock';

/** One API's allowance: a bucket of `burst` tokens refilled at `ratePerSecond`, one token per request. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Request-rate throttling as AWS documents it for EC2 and ECS: a token bucket per API action, per
 * account and Region, refilled at a steady rate up to its size. An API without a limit is never
 * throttled here. Time is the simulator's clock, so tests refill a bucket by moving it.
 */
export class RateLimits {
  private readonly limits = new Map<string, RateLimit>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly throttles = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Sets (or with `undefined` removes) the limit of `api` (`ssm:CreateActivation`); its buckets start full. */
  set(api: string, limit: RateLimit | undefined): void {
    if (limit) this.limits.set(api, limit);
    else this.limits.delete(api);
    for (const key of this.buckets.keys()) if (key.endsWith(` ${api}`)) this.buckets.delete(key);
  }

  clear(): void {
    this.limits.clear();
    this.buckets.clear();
  }

  list(): Record<string, RateLimit> {
    return Object.fromEntries(this.limits);
  }

  /** Takes a token from the bucket of `api` for this account and Region; false when it is empty. */
  take(api: string, account: string, region: string): boolean {
    const limit = this.limits.get(api);
    if (!limit) return true;
    const key = `${account} ${region} ${api}`;
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsed * limit.ratePerSecond);
    bucket.at = Math.max(bucket.at, now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Counts a throttling answer of `api`, whether its bucket or an injected fault gave it. */
  throttled(api: string): void {
    this.throttles.set(api, (this.throttles.get(api) ?? 0) + 1);
  }

  /** Throttling answers per API (`ssm:CreateActivation` → 12) since the start or the last clear. */
  throttleCounts(): Record<string, number> {
    return Object.fromEntries(this.throttles);
  }

  clearThrottles(): void {
    this.throttles.clear();
  }
}
