import type { Redis } from 'ioredis';
import { type HostFacts, hostFactsSchema, mergeHostFacts } from '../../domain/host-facts/host-facts';
import { key } from './connection';

/**
 * What the bot knows of each SSM host of a cluster (SSM's inventory and the fact collection), one
 * hash per cluster keyed by managed-instance ID. Facts are kept until a newer reading replaces them:
 * a gate says how old what it goes by is.
 */
export class HostFactsStore {
  constructor(private readonly redis: Redis) {}

  /** Records newer readings over the stored ones (a fact not read again keeps its last value). */
  async record(cluster: string, readings: readonly HostFacts[]): Promise<void> {
    if (readings.length === 0) return;
    const k = key('host-facts', cluster);
    const old = await this.redis.hmget(k, ...readings.map((r) => r.instanceId));
    const fields: string[] = [];
    readings.forEach((r, i) => {
      const before = old[i] ? parse(old[i]) : undefined;
      fields.push(r.instanceId, JSON.stringify(mergeHostFacts(before, r)));
    });
    await this.redis.hset(k, ...fields);
  }

  async get(cluster: string, instanceId: string): Promise<HostFacts | undefined> {
    const raw = await this.redis.hget(key('host-facts', cluster), instanceId);
    return raw ? parse(raw) : undefined;
  }

  /** Every host's facts in the cluster, by managed-instance ID. */
  async list(cluster: string): Promise<Map<string, HostFacts>> {
    const all = await this.redis.hgetall(key('host-facts', cluster));
    const facts = new Map<string, HostFacts>();
    for (const [id, raw] of Object.entries(all)) {
      const f = parse(raw);
      if (f) facts.set(id, f);
    }
    return facts;
  }

  /**
   * Before sending batch `batch` of a request's fact collection: `send` when nobody has, the command
   * ID when it was sent, `unsure` when a worker died between claiming and recording it (look in SSM).
   */
  async claimSend(requestId: string, batch: number): Promise<'send' | 'unsure' | { commandId: string }> {
    const k = key('host-facts-sent', requestId, String(batch));
    if (await this.redis.set(k, SENDING, 'EX', SENT_TTL_SECONDS, 'NX')) return 'send';
    const value = await this.redis.get(k);
    return value && value !== SENDING ? { commandId: value } : 'unsure';
  }

  async sent(requestId: string, batch: number, commandId: string): Promise<void> {
    await this.redis.set(key('host-facts-sent', requestId, String(batch)), commandId, 'EX', SENT_TTL_SECONDS);
  }
}

const SENDING = 'sending';
/** Longer than any retry of the request's job. */
const SENT_TTL_SECONDS = 24 * 3600;

/** A record this version cannot read is treated as unknown facts, never as a failure. */
function parse(raw: string): HostFacts | undefined {
  const parsed = hostFactsSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : undefined;
}
