import {
  deliverByMs,
  PRODUCTION_OUTBOX_POLICY as P,
  retryDelayMs,
  scaledPolicy,
} from '../../../src/domain/outbox-retry-policy';

describe('the outbox retry policy', () => {
  it('doubles the wait after each failure up to the cap, half of it random', () => {
    const low = (n: number) => retryDelayMs(P, n, () => 0);
    const high = (n: number) => retryDelayMs(P, n, () => 1);
    expect([1, 2, 3, 4].map(high)).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map(low)).toEqual([500, 1000, 2000, 4000]);
    expect(high(30)).toBe(60_000);
    expect(low(30)).toBe(30_000);
  });

  it('keeps a reply until its response_url expires, a post for hours, a secret no longer than its activation', () => {
    expect(deliverByMs(P, { kind: 'respond', enqueuedAt: 0 })).toBe(30 * 60_000);
    expect(deliverByMs(P, { kind: 'post', enqueuedAt: 0 })).toBe(6 * 3_600_000);
    expect(deliverByMs(P, { kind: 'home', enqueuedAt: 0 })).toBe(5 * 60_000);
    expect(deliverByMs(P, { kind: 'post', enqueuedAt: 0, usableUntil: 3_600_000 })).toBe(3_600_000);
  });

  it('compresses every duration for tests', () => {
    const fast = scaledPolicy(P, 1 / 100);
    expect(fast.replyLifetimeMs).toBe(18_000);
    expect(retryDelayMs(fast, 1, () => 1)).toBe(10);
    expect(retryDelayMs(fast, 30, () => 1)).toBe(600);
  });
});
