import type { Queue } from 'bullmq';

/**
 * Age of the oldest job still to run (waiting, or delayed for a retry or a rate limit): a message
 * retried for minutes keeps its first timestamp. Reads the head of each list only.
 */
export async function oldestJobAgeSeconds(queue: Queue, nowMs: number): Promise<number> {
  const [waiting, delayed] = await Promise.all([
    queue.getJobs(['waiting', 'prioritized'], 0, 0, true),
    // Delayed jobs are ordered by when they run next, not by age: look at the first few.
    queue.getJobs(['delayed'], 0, 19, true),
  ]);
  const stamps = [...waiting, ...delayed].filter(Boolean).map((j) => j.timestamp);
  return stamps.length ? Math.max(0, (nowMs - Math.min(...stamps)) / 1000) : 0;
}
