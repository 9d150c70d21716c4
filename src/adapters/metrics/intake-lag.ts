import type { Redis } from 'ioredis';
import { INTAKE_STREAM } from '../queue/intake';
import { INTAKE_GROUP } from '../queue/intake-dispatcher';

export interface IntakeLag {
  /** Age of the oldest request accepted and not yet queued (0 when none waits). */
  lagSeconds: number;
  /** Requests read by a dispatcher and not yet acknowledged, plus those no dispatcher has read. */
  pending: number;
}

/** A stream entry's ID starts with Redis's clock in ms when it was added. */
const msOf = (id: string) => Number(id.split('-')[0]);

/**
 * How far the intake dispatchers are behind: the oldest entry that is pending (read, not yet
 * acknowledged) or not yet delivered to the group. Three cheap commands whatever the stream's length.
 */
export async function readIntakeLag(redis: Redis, nowMs: number): Promise<IntakeLag> {
  const groups = (await redis.xinfo('GROUPS', INTAKE_STREAM).catch(() => [])) as unknown[][];
  const group = groups.map(fields).find((g) => g.name === INTAKE_GROUP);
  if (!group) return { lagSeconds: 0, pending: 0 };
  const lastDelivered = String(group['last-delivered-id'] ?? '0-0');
  const [pendingSummary, undelivered] = await Promise.all([
    redis.xpending(INTAKE_STREAM, INTAKE_GROUP) as Promise<[number, string | null, ...unknown[]]>,
    redis.xrange(INTAKE_STREAM, `(${lastDelivered}`, '+', 'COUNT', 1),
  ]);
  const [pendingCount, oldestPending] = pendingSummary;
  const oldest = [oldestPending, undelivered[0]?.[0]].filter((id): id is string => Boolean(id)).map(msOf);
  const undeliveredCount = Number(group.lag ?? (undelivered.length > 0 ? 1 : 0));
  return {
    lagSeconds: oldest.length ? Math.max(0, (nowMs - Math.min(...oldest)) / 1000) : 0,
    pending: Number(pendingCount) + undeliveredCount,
  };
}

/** XINFO's flat [name, value, name, value…] as an object. */
function fields(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
