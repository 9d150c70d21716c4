import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { COMMAND_PROCESSORS } from '../../jobs';
import { BACKGROUND_PROCESSORS } from '../../jobs/background';
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

export function startWorkers(
  connection: Redis,
  deps: CommandDeps,
  outboxDeps: OutboxDeps,
  log: Logger,
): WorkersHandle {
  const base = { connection, prefix: KEY_PREFIX };
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
    async (job) => {
      const processor = BACKGROUND_PROCESSORS[job.name];
      if (!processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
      return processor(job, { ...deps, log: deps.log.child({ jobId: job.id, job: job.name }) });
    },
    { ...base, concurrency: 16 },
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
