import type { Redis } from 'ioredis';
import { key } from './connection';

/** One diagnostics Run Command still running: the host, and when it is no longer awaited (epoch ms). */
export interface RunningDiagnostics {
  slot: string;
  host: string;
  until: number;
}

// KEYS: the cluster's hash. ARGV: slot, host, until, now. Refused (0) while another slot runs on the host.
const BEGIN_IF_IDLE = `
for _, value in ipairs(redis.call('HVALS', KEYS[1])) do
  local running = cjson.decode(value)
  if running.host == ARGV[2] and running.slot ~= ARGV[1] and tonumber(running['until']) > tonumber(ARGV[4]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({slot = ARGV[1], host = ARGV[2], ['until'] = tonumber(ARGV[3])}))
return 1`;

/**
 * The diagnostics running on a cluster's hosts, by the slot of their message: started by a request,
 * an alert or a click, ended when their result is posted. An entry past `until` (its job lost) no
 * longer counts, so a crash never holds a place for ever.
 */
export class DiagnosticsInFlight {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbDiagnosticsBegin', { numberOfKeys: 1, lua: BEGIN_IF_IDLE });
  }

  async begin(cluster: string, slot: string, host: string, until: number): Promise<void> {
    await this.redis.hset(key('diagnosing', cluster), slot, JSON.stringify({ slot, host, until }));
  }

  /** Atomically: begins unless other diagnostics still run on the host (a double click runs once). */
  async beginIfIdle(
    cluster: string,
    slot: string,
    host: string,
    until: number,
    now: number,
  ): Promise<boolean> {
    const run = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)
      .hbDiagnosticsBegin as (...a: unknown[]) => Promise<number>;
    return (
      (await run.call(this.redis, key('diagnosing', cluster), slot, host, String(until), String(now))) === 1
    );
  }

  async end(cluster: string, slot: string): Promise<void> {
    await this.redis.hdel(key('diagnosing', cluster), slot);
  }

  /** What still runs; entries past their time are dropped. */
  async running(cluster: string, now: number): Promise<RunningDiagnostics[]> {
    const all = Object.values(await this.redis.hgetall(key('diagnosing', cluster))).map(
      (v) => JSON.parse(v) as RunningDiagnostics,
    );
    const stale = all.filter((r) => r.until <= now).map((r) => r.slot);
    if (stale.length > 0) await this.redis.hdel(key('diagnosing', cluster), ...stale);
    return all.filter((r) => r.until > now);
  }
}
