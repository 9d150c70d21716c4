import { type Telemetry, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMAND_PROCESSORS } from '../jobs';
import { backgroundProcessors } from '../jobs/background';
import { backgroundRunner } from '../jobs/background-runner';
import { commandRunner } from '../jobs/command-runner';
import type { CommandDeps } from '../jobs/job-context';
import { type OutboxDeps, outboxProcessor } from '../jobs/outbox';
import { QUEUE_NAMES } from '../src/adapters/queue/queues';
import { KEY_PREFIX } from '../src/adapters/redis/connection';
import type { Logger } from '../src/logger';
import { changeFeatures } from './change-features';

export interface WorkersHandle {
  running(): boolean;
  /** Stops taking jobs and waits for running ones, up to the deadline. */
  stop(deadlineMs: number): Promise<void>;
}

export function startWorkers(
  connection: Redis,
  deps: CommandDeps,
  outboxDeps: OutboxDeps,
  log: Logger,
  lockSeconds = 30,
  telemetry?: Telemetry,
): WorkersHandle {
  // A worker that dies (kill -9, a lost node) leaves its jobs claimed until the lock lapses; another
  // worker then takes them over. Every job re-checks the world before acting, so a job may be taken
  // over many times without harm: the stall limit is generous.
  const base = {
    connection,
    prefix: KEY_PREFIX,
    lockDuration: lockSeconds * 1000,
    stalledInterval: lockSeconds * 1000,
    maxStalledCount: 20,
    telemetry,
  };
  const commands = new Worker(QUEUE_NAMES.commands, commandRunner(COMMAND_PROCESSORS, deps), {
    ...base,
    concurrency: 16,
  });
  const outbox = new Worker(
    QUEUE_NAMES.outbox,
    outboxProcessor(outboxDeps),
    // Slack's limits are per channel and per method (SlackRateLimits), and response_url answers have
    // their own: a queue-wide ceiling would only hold back replies to people.
    { ...base, concurrency: 8 },
  );
  const background = new Worker(
    QUEUE_NAMES.background,
    backgroundRunner(backgroundProcessors(changeFeatures()), deps),
    {
      ...base,
      concurrency: 16,
    },
  );
  const workers = [commands, outbox, background];
  for (const w of workers) {
    w.on('error', (err) => log.error({ err: err.message, queue: w.name }, 'worker error'));
    w.on('failed', (job, err) => log.warn({ jobId: job?.id, queue: w.name, err: err.message }, 'job failed'));
  }
  return {
    running: () => workers.every((w) => w.isRunning()),
    stop: async (deadlineMs) => {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadlineMs).unref());
      if ((await Promise.race([graceful, timeout])) === 'timeout') {
        log.warn({ deadlineMs }, 'jobs still running at the shutdown deadline; they will be retried');
        await Promise.all(workers.map((w) => w.close(true)));
      }
    },
  };
}
