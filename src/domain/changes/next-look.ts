/**
 * When a waiting step looks at the world again. Without an expectation it backs off from
 * `pollMinMs` to `pollMaxMs` as it ages (a quarter of the time waited so far). When steps of the
 * same kind have already finished in this change (the nodes before this one), it sleeps until
 * about when this one should be done and then looks often: fewer looks while nothing can have
 * changed, and the end seen sooner.
 */
export function nextLookMs(
  waitedMs: number,
  poll: { pollMinMs: number; pollMaxMs: number },
  expectedMs?: number,
): number {
  const backoff = Math.min(poll.pollMaxMs, Math.max(poll.pollMinMs, Math.round(waitedMs / 4)));
  if (expectedMs === undefined || !(expectedMs > 0)) return backoff;
  const left = expectedMs - waitedMs;
  // Until then, sleep towards shortly before the expected end, but at most twice the longest
  // ordinary wait: an expectation inflated by one slow node must not leave the next one unwatched.
  if (left > poll.pollMinMs * 2) {
    return Math.max(backoff, Math.min(Math.round(left - poll.pollMinMs), poll.pollMaxMs * 2));
  }
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
