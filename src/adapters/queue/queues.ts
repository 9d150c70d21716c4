import { type JobsOptions, Queue, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BackgroundPayload } from '../../background-jobs';
import type { CommandJobData, OutboxJobData } from '../../job-data';
import type { Logger } from '../../logger';
import { KEY_PREFIX } from '../redis/connection';

export const QUEUE_NAMES = { commands: 'commands', outbox: 'outbox', background: 'background' } as const;

/** Transient failures are retried with exponential backoff: 1 s, 2 s, 4 s, 8 s. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Finished jobs stay an hour so a redelivered request's jobId still finds them and adds nothing.
  removeOnComplete: { age: 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** BullMQ forbids ':' in custom job IDs. */
export function safeJobId(id: string): string {
  return id.replace(/:/g, '-');
}

export interface Queues {
  commands: Queue<CommandJobData>;
  outbox: Queue<OutboxJobData>;
  background: Queue<BackgroundPayload>;
  close(): Promise<void>;
}

/** `telemetry`: BullMQ's tracing integration, when traces are on. */
export function createQueues(connection: Redis, log?: Logger, telemetry?: Telemetry): Queues {
  const opts = { connection, prefix: KEY_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS, telemetry };
  const commands = new Queue<CommandJobData>(QUEUE_NAMES.commands, opts);
  // The outbox's own policy (jobs/outbox.ts) retries Slack failures for as long as a message is useful;
  // these attempts only cover errors outside a send (Redis, or withdrawing an undeliverable secret).
  const outbox = new Queue<OutboxJobData>(QUEUE_NAMES.outbox, opts);
  const background = new Queue<BackgroundPayload>(QUEUE_NAMES.background, opts);
  for (const q of [commands, outbox, background]) {
    // A queue repeats its connection's errors, which the connection already logs (once per 30 s);
    // without a listener BullMQ writes each one to stderr.
    q.on('error', (err) => log?.debug({ err: err.message, queue: q.name }, 'queue error'));
  }
  return {
    commands,
    outbox,
    background,
    close: async () => {
      await Promise.all([commands.close(), outbox.close(), background.close()]);
    },
  };
}
