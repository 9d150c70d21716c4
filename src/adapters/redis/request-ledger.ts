import type { Redis } from 'ioredis';
import { AUDIT_MAX_ENTRIES, AUDIT_STREAM, type AuditEntry, serializeAuditEntry } from './audit-log';
import { key } from './connection';

// One round trip on the request path: remember the request and audit it, or do neither when
// Slack is redelivering a request already taken.
const FIRST_DELIVERY_SCRIPT = `
if redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[3])
  return 1
end
return 0`;

/** Dedupes Slack's redeliveries and writes the audit entry of a first delivery, atomically. */
export class RequestLedger {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = 3600,
  ) {
    redis.defineCommand('hbFirstDelivery', { numberOfKeys: 2, lua: FIRST_DELIVERY_SCRIPT });
  }

  /** True for the first delivery of a request (and it is audited); false for a redelivery. */
  async recordFirstDelivery(requestId: string, entry: AuditEntry): Promise<boolean> {
    const run = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number>>)
      .hbFirstDelivery;
    if (!run) throw new Error('hbFirstDelivery script not defined');
    const result = await run.call(
      this.redis,
      key('seen', requestId),
      AUDIT_STREAM,
      String(this.ttlSeconds),
      String(AUDIT_MAX_ENTRIES),
      serializeAuditEntry(entry),
    );
    return result === 1;
  }
}
