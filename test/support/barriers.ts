import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { MONITOR_CLUSTER, type MonitorResult } from '../../jobs/monitoring/monitor-cluster';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { until } from './until';

// Barriers for "nothing happened": wait until the bot says it has done its work, then look.

const opened = new WeakMap<Redis, Map<string, Queue>>();

/** The bot's queue on the test's connection, opened once per connection (a Queue listens on it). */
function queue(redis: Redis, name: string): Queue {
  const queues = opened.get(redis) ?? new Map<string, Queue>();
  opened.set(redis, queues);
  const q = queues.get(name) ?? new Queue(name, { connection: redis, prefix: KEY_PREFIX });
  queues.set(name, q);
  return q;
}

async function pending(redis: Redis): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of [QUEUE_NAMES.commands, QUEUE_NAMES.outbox]) {
    const q = queue(redis, name);
    const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    counts[name] = Object.values(c).reduce((a, b) => a + b, 0);
  }
  // The monitor's next scheduled run always waits here, delayed: only jobs due now count.
  const b = await queue(redis, QUEUE_NAMES.background).getJobCounts('waiting', 'active', 'prioritized');
  counts[QUEUE_NAMES.background] = Object.values(b).reduce((a, n) => a + n, 0);
  return counts;
}

/**
 * Resolves once no command, Slack message or due background job waits or runs: whatever the
 * requests so far started has finished, and every message it sent is out.
 */
export async function jobsDrained(redis: Redis, timeoutMs = 20_000): Promise<void> {
  let last: Record<string, number> = {};
  await until(
    'the bot to finish its jobs',
    async () => {
      last = await pending(redis);
      return Object.values(last).every((n) => n === 0);
    },
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; still pending: ${JSON.stringify(last)}`);
  });
}

/**
 * Resolves once `count` monitor sweeps of `cluster` that began after this call have finished
 * (a sweep another worker had already made this interval does not count), and what they sent is out.
 */
export async function monitorSweeps(
  redis: Redis,
  cluster: string,
  count = 2,
  timeoutMs = 20_000,
): Promise<void> {
  const since = Date.now();
  const background = queue(redis, QUEUE_NAMES.background);
  await until(
    `${count} monitor sweeps of ${cluster}`,
    async () => {
      const done = await background.getJobs(['completed'], 0, 99);
      const sweeps = done.filter((j) => {
        const result = j.returnvalue as MonitorResult | undefined;
        return (
          j.name === MONITOR_CLUSTER &&
          j.data?.cluster === cluster &&
          (j.processedOn ?? 0) >= since &&
          result !== undefined &&
          !('skipped' in result)
        );
      });
      return sweeps.length >= count;
    },
    { timeoutMs, intervalMs: 100 },
  );
  await jobsDrained(redis, timeoutMs);
}
