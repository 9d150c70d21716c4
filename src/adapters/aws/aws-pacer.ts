import { BotError, ErrorCode } from '../../errors';

/**
 * Paces one AWS API (per account and Region, as AWS keeps its buckets) at a rate it learns from the
 * answers: every throttle and every success is reported to it. Shared by all workers when backed by
 * Redis, so several workers stay within the account's one budget together.
 */
export interface AwsPacer {
  /** Resolves when one more call of `api` may go. */
  acquire(api: string): Promise<void>;
  succeeded(api: string): Promise<void>;
  throttled(api: string): Promise<void>;
}

export interface PacedCallOptions {
  /** Attempts for errors other than throttling (5xx, timeouts), as the SDK's own retries would make. */
  maxAttempts: number;
  /** How long throttles are retried before the call fails. Default 10 minutes. */
  throttledForMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One call through the pacer: every attempt waits for its turn, and a throttle is tried again (at
 * the rate the pacer then allows) for as long as `throttledForMs`, so a throttle that a retry would
 * have survived never fails the call. `send` makes one attempt and throws a BotError.
 */
export async function pacedCall<T>(
  pacer: AwsPacer,
  api: string,
  send: () => Promise<T>,
  o: PacedCallOptions,
): Promise<T> {
  const sleep = o.sleep ?? realSleep;
  const now = o.now ?? Date.now;
  const giveUpAt = now() + (o.throttledForMs ?? 600_000);
  for (let failures = 0, throttles = 0; ; ) {
    await pacer.acquire(api);
    // What is reported to the pacer is advice for later calls: losing a report must not fail a call
    // AWS has answered (a created activation would be left without its code).
    const report = (p: Promise<void>) => p.catch(() => undefined);
    try {
      const out = await send();
      await report(pacer.succeeded(api));
      return out;
    } catch (err) {
      if (err instanceof BotError && err.code === ErrorCode.Throttled) {
        await report(pacer.throttled(api));
        if (now() >= giveUpAt) throw err;
        // A short jittered pause keeps a call from hammering before the pacer has learned a pace.
        await sleep(Math.random() * Math.min(250 * 2 ** throttles++, 2000));
        continue;
      }
      if (!(err instanceof BotError && err.retryable) || ++failures >= o.maxAttempts) throw err;
      // The SDK's standard backoff: full jitter over 100 ms doubling, at most 20 s.
      await sleep(Math.random() * Math.min(100 * 2 ** failures, 20_000));
    }
  }
}
