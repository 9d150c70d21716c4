/**
 * How long the outbox keeps trying to reach Slack, and how it spaces its tries. Built once in the
 * composition root; tests pass a compressed copy (`scaledPolicy`) to live through long outages in seconds.
 */
export interface OutboxRetryPolicy {
  /** Delay after the first failure; it doubles with each failure after that. */
  firstDelayMs: number;
  /** The longest delay between two tries. */
  maxDelayMs: number;
  /** Replies through a response_url: Slack accepts them for 30 minutes. */
  replyLifetimeMs: number;
  /** Channel and direct messages, files: useful for hours, not forever. */
  postLifetimeMs: number;
  /** An App Home view is a snapshot, published again on the next visit: a late one would show old state. */
  viewLifetimeMs: number;
  /** After a 429, waiting messages resume spread over this window rather than all at once. */
  rateLimitSpreadMs: number;
  /** A 429 of one method is logged once per window, however many messages it holds back. */
  rateLimitLogWindowMs: number;
}

export const PRODUCTION_OUTBOX_POLICY: OutboxRetryPolicy = {
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
  replyLifetimeMs: 30 * 60_000,
  postLifetimeMs: 6 * 3_600_000,
  viewLifetimeMs: 5 * 60_000,
  rateLimitSpreadMs: 5000,
  rateLimitLogWindowMs: 60_000,
};

/** The same policy with every duration multiplied by `factor` (e.g. 1/100 in tests). */
export function scaledPolicy(policy: OutboxRetryPolicy, factor: number): OutboxRetryPolicy {
  const scaled = Object.entries(policy).map(([k, v]) => [k, Math.max(1, Math.round(v * factor))]);
  return Object.fromEntries(scaled) as unknown as OutboxRetryPolicy;
}

/**
 * The wait before the next try after `failures` failures in a row: exponential up to the cap, with
 * half of it random ("equal jitter") so messages that failed together do not come back together.
 */
export function retryDelayMs(
  policy: OutboxRetryPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A random share of the spread window, added to a 429's Retry-After. */
export function rateLimitJitterMs(policy: OutboxRetryPolicy, random: () => number = Math.random): number {
  return Math.round(random() * policy.rateLimitSpreadMs);
}

/**
 * Until when a message is worth sending: a reply until its response_url expires, a Home view for a
 * few minutes, anything else for `postLifetimeMs`, and a secret never after the credential it carries stops working.
 */
export function deliverByMs(
  policy: OutboxRetryPolicy,
  m: { kind: string; enqueuedAt: number; usableUntil?: number },
): number {
  const lifetime =
    m.kind === 'respond'
      ? policy.replyLifetimeMs
      : m.kind === 'home'
        ? policy.viewLifetimeMs
        : policy.postLifetimeMs;
  const end = m.enqueuedAt + lifetime;
  return m.usableUntil === undefined ? end : Math.min(end, m.usableUntil);
}
