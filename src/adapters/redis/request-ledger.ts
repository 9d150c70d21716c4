import type { Redis } from 'ioredis';
import { INTAKE_STREAM, type IntakeItem, intakeFields } from '../queue/intake';
import { AUDIT_MAX_ENTRIES, AUDIT_STREAM, type AuditEntry, serializeAuditEntry } from './audit-log';
import { key } from './connection';
import type { ReplicaWait } from './replica-wait';

// The whole request path in one round trip: remember the request, audit it and, when it starts
// work, put it on the intake stream; or do none of it when Slack is redelivering a request already taken.
const FIRST_DELIVERY_SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then
  return 0
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[3])
if #ARGV > 3 then
  redis.call('XADD', KEYS[3], '*', unpack(ARGV, 4))
end
return 1`;

type ScriptRunner = (...args: (string | number)[]) => Promise<number>;

/** Dedupes Slack's redeliveries; audits (and enqueues) a first delivery atomically. */
export class RequestLedger {
  private readonly run: ScriptRunner;

  constructor(
    redis: Redis,
    private readonly ttlSeconds = 3600,
    /** Holds the ack until a replica has the request too, where the primary has replicas. */
    private readonly replicas?: ReplicaWait,
  ) {
    redis.defineCommand('hbFirstDelivery', { numberOfKeys: 3, lua: FIRST_DELIVERY_SCRIPT });
    const command = (redis as unknown as Record<string, ScriptRunner>).hbFirstDelivery;
    if (!command) throw new Error('hbFirstDelivery script not defined');
    this.run = command.bind(redis);
  }

  /** True for the first delivery of a request (audited, and its work enqueued); false for a redelivery. */
  async recordFirstDelivery(requestId: string, entry: AuditEntry, work?: IntakeItem): Promise<boolean> {
    const result = await this.run(
      key('seen', requestId),
      AUDIT_STREAM,
      INTAKE_STREAM,
      this.ttlSeconds,
      AUDIT_MAX_ENTRIES,
      serializeAuditEntry(entry),
      ...(work ? intakeFields(work) : []),
    );
    if (result === 1) await this.replicas?.afterWrite();
    return result === 1;
  }
}
