import type { Redis } from 'ioredis';
import type { Logger } from '../../logger';

export interface RedisStructures {
  /** Creates what the bot keeps in Redis (consumer groups, job schedulers). Idempotent. */
  setUp(): Promise<void>;
  /** A cheap look at whether it is all still there. */
  present(): Promise<boolean>;
}

export interface RestartWatch {
  /** True once the bot's groups and schedules are known to exist in the Redis it talks to. */
  ready(): boolean;
  /** Something says they are gone (NOGROUP): set them up again now. False if that failed. */
  restore(reason: string): Promise<boolean>;
  stop(): void;
}

export interface RestartWatchOptions {
  /** How often to look, while all is well (a restart or a wipe is also noticed on reconnect or NOGROUP). */
  checkEveryMs?: number;
  /** How soon to try again after a failed set-up. */
  retryMs?: number;
}

/** Redis's `run_id` changes on every restart: a changed one means a Redis that may have lost everything. */
async function runIdOf(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /^run_id:(\w+)/m.exec(info)?.[1] ?? '';
}

/**
 * Keeps the bot's structures in Redis through restarts and wipes. A Redis started without persistence
 * comes back empty: without this, the intake group and the recurring schedules are gone for good and
 * every accepted command is silently dropped. Not ready from a lost connection until the structures
 * are confirmed in the Redis that answers.
 */
export function watchRedisRestarts(
  redis: Redis,
  structures: RedisStructures,
  log: Logger,
  opts: RestartWatchOptions = {},
): RestartWatch & { started: Promise<void> } {
  const checkEveryMs = opts.checkEveryMs ?? 30_000;
  const retryMs = opts.retryMs ?? 1000;
  let knownRunId: string | undefined;
  let ready = false;
  let stopped = false;
  let inFlight: Promise<boolean> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void check('periodic check'), ms);
    timer.unref();
  };

  const setUp = async (reason: string): Promise<boolean> => {
    ready = false;
    const first = knownRunId === undefined;
    try {
      // Read before setting up: a restart in between then shows as one more change, never as none.
      const runId = await runIdOf(redis);
      if (!first) log.warn({ reason }, 'Redis lost the bot’s queues; setting them up again');
      await structures.setUp();
      knownRunId = runId;
      ready = true;
      if (!first) log.info({ reason }, 'the bot’s queues are back in Redis; taking work again');
      schedule(checkEveryMs);
      return true;
    } catch (err) {
      log.error(
        { err: (err as Error).message, reason },
        'could not set up the bot’s queues in Redis; retrying',
      );
      schedule(retryMs);
      return false;
    }
  };

  const restore = (reason: string): Promise<boolean> => {
    inFlight ??= setUp(reason).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const check = async (reason: string): Promise<void> => {
    if (stopped || inFlight) return;
    try {
      const runId = await runIdOf(redis);
      const restarted = knownRunId !== undefined && runId !== knownRunId;
      if (knownRunId === undefined) {
        await restore(reason);
      } else if (await structures.present()) {
        // A Redis with persistence comes back with everything: nothing to set up, nothing to say but that.
        if (restarted) log.info('Redis restarted and kept the bot’s queues');
        knownRunId = runId;
        ready = true;
        schedule(checkEveryMs);
      } else {
        await restore(restarted ? 'Redis restarted empty' : 'queues missing');
      }
    } catch {
      // Redis is unreachable: its connection reports that; look again when it is back.
      schedule(retryMs);
    }
  };

  const onClose = () => {
    ready = false;
  };
  const onReady = () => void check('reconnected');
  redis.on('close', onClose);
  redis.on('ready', onReady);
  const started = restore('start').then(() => undefined);

  return {
    started,
    ready: () => ready,
    restore,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      redis.off('close', onClose);
      redis.off('ready', onReady);
    },
  };
}
