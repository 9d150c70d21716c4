/**
 * When a waiting step looks at the world again. Without an expectation it backs off from
 * `pollMinMs` to `pollMaxMs` as it ages (a quarter of the time waited so far). When steps of the
 * same kind have already finished in this change (the nodes before this one), it sleeps until
 * shortly before this one should be done and then looks often: fewer looks while nothing can have
 * changed, and the end seen sooner.
 */
export function nextLookMs(
  waitedMs: number,
  poll: { pollMinMs: number; pollMaxMs: number },
  expectedMs?: number,
): number {
  const backoff = Math.min(poll.pollMaxMs, Math.max(poll.pollMinMs, Math.round(waitedMs / 4)));
  if (expectedMs === undefined || !(expectedMs > 0)) return backoff;
  // Looking often starts a tenth before the expected end: the durations it comes from include how
  // late their own ends were seen, and sleeping to their median would carry that lateness on.
  const left = expectedMs - Math.max(poll.pollMinMs * 2, Math.round(expectedMs / 10)) - waitedMs;
  // Until then, sleep, but at most twice the longest ordinary wait: an expectation inflated by one
  // slow node must not leave the next one unwatched.
  if (left > 0) return Math.max(poll.pollMinMs, Math.min(left, poll.pollMaxMs * 2));
  // Around the expected end and a while past it, look as often as allowed.
  if (waitedMs < expectedMs * 1.5) return poll.pollMinMs;
  return backoff;
}

/** The typical duration of the steps already done, from their start to their end (the median). */
export function typicalDurationMs(
  done: readonly { startedAt?: number; endedAt?: number }[],
): number | undefined {
  const durations = done
    .filter((s) => s.startedAt !== undefined && s.endedAt !== undefined)
    .map((s) => (s.endedAt as number) - (s.startedAt as number))
    .filter((d) => d >= 0)
    .sort((a, b) => a - b);
  if (durations.length === 0) return undefined;
  return durations[Math.floor((durations.length - 1) / 2)];
}
