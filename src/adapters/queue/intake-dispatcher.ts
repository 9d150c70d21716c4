import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';
import { INTAKE_STREAM, type IntakeItem, parseIntakeFields } from './intake';
import type { Queues } from './queues';

export const INTAKE_GROUP = 'dispatchers';
/** Entries a dispatcher took but never acknowledged (it died) are taken over after this long. */
const CLAIM_IDLE_MS = 30_000;

/** Fields are null for an entry deleted while still pending. */
type Entry = [id: string, fields: string[] | null];

/** Its job ID, and the Slack request's trace for BullMQ to continue in the job (when traces are on). */
const jobOptions = (i: IntakeItem) => ({
  jobId: i.jobId,
  ...(i.traceContext ? { telemetry: { metadata: i.traceContext } } : {}),
});

/**
 * The dispatchers' consumer group, from the stream's start: entries the request path added to a fresh
 * stream before the group existed (Redis came back empty) are all read. BUSYGROUP: it is already there.
 */
export async function createIntakeGroup(redis: Redis): Promise<void> {
  await redis.xgroup('CREATE', INTAKE_STREAM, INTAKE_GROUP, '0', 'MKSTREAM').catch((err: Error) => {
    if (!err.message.includes('BUSYGROUP')) throw err;
  });
}

export async function intakeGroupExists(redis: Redis): Promise<boolean> {
  if ((await redis.exists(INTAKE_STREAM)) === 0) return false;
  const groups = (await redis.xinfo('GROUPS', INTAKE_STREAM)) as unknown[][];
  return groups.some((g) => g[1] === INTAKE_GROUP);
}

/**
 * Moves intake entries into their BullMQ queues, in batches. Every worker process runs one; the
 * consumer group hands each entry to one of them, and the job ID makes a repeat harmless.
 * `groupMissing` is called when Redis no longer has the group (it restarted empty, or was flushed):
 * it sets the group up again and says whether that worked.
 */
export function startIntakeDispatcher(
  blocking: Redis,
  client: Redis,
  queues: Queues,
  log: Logger,
  groupMissing: (reason: string) => Promise<boolean>,
): { stop(): Promise<void> } {
  const consumer = `dispatcher-${process.pid}-${randomBytes(3).toString('hex')}`;
  let running = true;
  let lastClaim = 0;
  // Entries this dispatcher read but could not turn into jobs (Redis went away between the read and
  // the add, as in a failover) stay pending under its name: it takes them again first, rather than
  // leaving them for a takeover after CLAIM_IDLE_MS.
  let ownPending = false;

  const dispatch = async (entries: Entry[]) => {
    if (entries.length === 0) return;
    const items = entries
      .map(([, fields]) => (fields ? parseIntakeFields(fields) : undefined))
      .filter((i): i is IntakeItem => Boolean(i));
    const commands = items.filter((i) => i.queue === 'commands');
    const background = items.filter((i) => i.queue === 'background');
    if (commands.length > 0) {
      await queues.commands.addBulk(
        commands.map((i) => ({ name: i.name, data: i.data, opts: jobOptions(i) })),
      );
    }
    if (background.length > 0) {
      await queues.background.addBulk(
        background.map((i) => ({ name: i.name, data: i.data, opts: jobOptions(i) })),
      );
    }
    const ids = entries.map(([id]) => id);
    await client
      .multi()
      .xack(INTAKE_STREAM, INTAKE_GROUP, ...ids)
      .xdel(INTAKE_STREAM, ...ids)
      .exec();
  };

  const loop = async () => {
    while (running) {
      try {
        if (Date.now() - lastClaim > CLAIM_IDLE_MS) {
          lastClaim = Date.now();
          const claimed = (await client.xautoclaim(
            INTAKE_STREAM,
            INTAKE_GROUP,
            consumer,
            CLAIM_IDLE_MS,
            '0-0',
            'COUNT',
            500,
          )) as [string, Entry[]];
          await dispatch(claimed[1] ?? []);
        }
        if (ownPending) {
          const mine = (await client.xreadgroup(
            'GROUP',
            INTAKE_GROUP,
            consumer,
            'COUNT',
            500,
            'STREAMS',
            INTAKE_STREAM,
            '0',
          )) as [string, Entry[]][] | null;
          const entries = mine?.[0]?.[1] ?? [];
          await dispatch(entries);
          // A full batch may leave more behind it.
          ownPending = entries.length === 500;
          continue;
        }
        const read = (await blocking.xreadgroup(
          'GROUP',
          INTAKE_GROUP,
          consumer,
          'COUNT',
          500,
          'BLOCK',
          1000,
          'STREAMS',
          INTAKE_STREAM,
          '>',
        )) as [string, Entry[]][] | null;
        await dispatch(read?.[0]?.[1] ?? []);
      } catch (err) {
        if (!running) break;
        if ((err as Error).message.includes('NOGROUP') && (await groupMissing('intake group missing'))) {
          continue;
        }
        ownPending = true;
        log.error({ err: (err as Error).message }, 'intake dispatch failed; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  const done = loop();
  return {
    stop: async () => {
      running = false;
      blocking.disconnect();
      await done.catch(() => undefined);
    },
  };
}
