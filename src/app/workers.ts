import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMAND_PROCESSORS } from '../../jobs';
import { commandRunner } from '../../jobs/command-runner';
import type { CommandDeps } from '../../jobs/job-context';
import { type OutboxDeps, outboxProcessor } from '../../jobs/outbox';
import { QUEUE_NAMES } from '../adapters/queue/queues';
import { KEY_PREFIX } from '../adapters/redis/connection';
import type { Logger } from '../logger';

export interface WorkersHandle {
  running(): boolean;
  /** Stops taking jobs and waits for running ones, up to the deadline. */
  stop(deadlineMs: number): Promise<void>;
}

export type BackgroundProcessor = (job: Job) => Promise<unknown>;

export function startWorkers(
  connection: Redis,
  commandDeps: CommandDeps,
  outboxDeps: OutboxDeps,
  background: Record<string, BackgroundProcessor>,
  log: Logger,
): WorkersHandle {
  const base = { connection, prefix: KEY_PREFIX };
  const commands = new Worker(QUEUE_NAMES.commands, commandRunner(COMMAND_PROCESSORS, commandDeps), {
    ...base,
    concurrency: 16,
  });
  let outbox: Worker | undefined;
  outbox = new Worker(
    QUEUE_NAMES.outbox,
    outboxProcessor(outboxDeps, () => outbox),
    {
      ...base,
      concurrency: 8,
      // A ceiling across all channels; per-channel and per-method limits live in SlackRateLimits.
      limiter: { max: 20, duration: 1000 },
    },
  );
  const backgroundWorker = new Worker(
    QUEUE_NAMES.background,
    async (job) => {
      const processor = background[job.name];
      if (!processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
      return processor(job);
    },
    { ...base, concurrency: 8 },
  );
  const workers = [commands, outbox, backgroundWorker];
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
