import type { Redis } from 'ioredis';
import type { Diagnoses } from '../../domain/alerts/alert-diagnoses';
import type { MonitorMemory } from '../../domain/alerts/alert-rules';
import type { AlertGroupState, Snoozes } from '../../domain/alerts/alert-state';
import { BotError, ErrorCode } from '../../errors';
import { key } from './connection';

/** Everything the monitor remembers about one cluster's alerts between evaluations. */
export interface AlertRecord extends MonitorMemory {
  /** Bumped by every write: a writer that read an older version loses and tries again. */
  version: number;
  /** Names the cluster's next alert message; bumped when a message resolves. */
  generation: number;
  group?: AlertGroupState;
  snoozes: Snoozes;
  /** The diagnostics decided for the current message's alerts: each runs once per message. */
  diagnosed?: Diagnoses;
}

export type AlertRecordData = Omit<AlertRecord, 'version'>;

// Writes only when nobody wrote since the caller read: two workers never both act on one state.
const COMPARE_AND_SET = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', current + 1, 'data', ARGV[2])
return current + 1`;

type Run = (...args: unknown[]) => Promise<number>;

/** Alert state per cluster, changed only by atomic compare-and-set; and the channels subscribed to it. */
export class AlertStore {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbAlertCas', { numberOfKeys: 1, lua: COMPARE_AND_SET });
  }

  async read(cluster: string): Promise<AlertRecord> {
    const [version, data] = await this.redis.hmget(key('alerts', cluster), 'version', 'data');
    const parsed: Partial<AlertRecordData> = data ? JSON.parse(data) : {};
    return {
      version: Number(version ?? 0),
      generation: parsed.generation ?? 1,
      notReadySince: parsed.notReadySince ?? {},
      snoozes: parsed.snoozes ?? {},
      ...(parsed.group ? { group: parsed.group } : {}),
      ...(parsed.unreachableSince !== undefined ? { unreachableSince: parsed.unreachableSince } : {}),
      ...(parsed.poolDriftSince !== undefined ? { poolDriftSince: parsed.poolDriftSince } : {}),
      ...(parsed.diagnosed !== undefined ? { diagnosed: parsed.diagnosed } : {}),
    };
  }

  /** The new version, or undefined when another writer got there first. */
  async compareAndSet(cluster: string, version: number, data: AlertRecordData): Promise<number | undefined> {
    const run = (this.redis as unknown as Record<string, Run>).hbAlertCas as Run;
    const result = await run.call(this.redis, key('alerts', cluster), String(version), JSON.stringify(data));
    return result === 0 ? undefined : result;
  }

  /**
   * Reads, computes and writes until the write wins. `change` returns the new data and a result,
   * or undefined to write nothing. `read`, a record read earlier, saves the first read: when
   * another writer wrote since, the write loses and the next attempt reads again.
   */
  async update<T>(
    cluster: string,
    change: (record: AlertRecord) => { data: AlertRecordData; result: T } | undefined,
    attempts = 8,
    read?: AlertRecord,
  ): Promise<{ result: T; version: number } | undefined> {
    for (let i = 0; i < attempts; i++) {
      const record = i === 0 && read ? read : await this.read(cluster);
      const next = change(record);
      if (!next) return undefined;
      const version = await this.compareAndSet(cluster, record.version, next.data);
      if (version !== undefined) return { result: next.result, version };
    }
    throw new BotError(ErrorCode.Conflict, `The alert state of ${cluster} kept changing; try again.`, {
      retryable: true,
    });
  }

  async subscribe(cluster: string, channel: string): Promise<boolean> {
    return (await this.redis.sadd(key('alert-subs', cluster), channel)) === 1;
  }

  async subscribers(cluster: string): Promise<string[]> {
    return (await this.redis.smembers(key('alert-subs', cluster))).sort();
  }

  /** Only one evaluation of a cluster per interval, however many workers run. */
  async claimEvaluation(cluster: string, ms: number): Promise<boolean> {
    return (await this.redis.set(key('monitor-claim', cluster), '1', 'PX', Math.max(1, ms), 'NX')) === 'OK';
  }
}
