import type { Redis } from 'ioredis';
import { AUDIT_TEXT_MAX_CHARS, type AuditEntry, clipAuditText } from '../../domain/audit-entry';
import { scrubSecrets } from '../../logger';
import { key } from './connection';

export type { AuditEntry };

export const AUDIT_STREAM = key('audit');
export const AUDIT_MAX_ENTRIES = 100_000;

/** The stored form of an entry: secrets scrubbed by shape from the free-text fields, each cut to 4 KB. */
export function serializeAuditEntry(entry: AuditEntry): string {
  return JSON.stringify({
    ...entry,
    command: storedText(entry.command),
    detail: entry.detail && storedText(entry.detail),
  });
}

// Cut twice: scrubbing a few MB would hold up the request, and a secret the first cut splits
// lies wholly past the second.
const storedText = (text: string) =>
  text.length <= AUDIT_TEXT_MAX_CHARS
    ? scrubSecrets(text)
    : clipAuditText(scrubSecrets(text.slice(0, AUDIT_TEXT_MAX_CHARS * 2)), text.length);

/** How long an entry's `once` key is remembered: longer than any job's retries. */
const ONCE_SECONDS = 7 * 24 * 3600;

/** Adds the entry unless one with the same `once` key was added: both in one step. */
const APPEND_ONCE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
  return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
end
return false`;

/** The audit trail: an append-only Redis stream, trimmed to the newest 100,000 entries. */
export class AuditLog {
  constructor(private readonly redis: Redis) {}

  /**
   * Records the entry. With `once`, a job that may run again after a crash records it one time
   * only: a second append with the same key is dropped.
   */
  async append(entry: AuditEntry, options: { once?: string } = {}): Promise<void> {
    if (options.once) {
      await this.redis.eval(
        APPEND_ONCE,
        2,
        AUDIT_STREAM,
        key('audit-once', options.once),
        String(AUDIT_MAX_ENTRIES),
        serializeAuditEntry(entry),
        String(ONCE_SECONDS),
      );
      return;
    }
    await this.redis.xadd(
      AUDIT_STREAM,
      'MAXLEN',
      '~',
      String(AUDIT_MAX_ENTRIES),
      '*',
      'e',
      serializeAuditEntry(entry),
    );
  }

  /** Newest first; scans back in pages until `limit` entries match. */
  async list(filter: { user?: string; limit: number }): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let end = '+';
    for (let pages = 0; pages < 100 && out.length < filter.limit; pages++) {
      const page = await this.redis.xrevrange(AUDIT_STREAM, end, '-', 'COUNT', 500);
      if (page.length === 0) break;
      for (const [, fields] of page) {
        const entry = JSON.parse(fields[1] ?? '{}') as AuditEntry;
        if (!filter.user || entry.user === filter.user) out.push(entry);
        if (out.length >= filter.limit) break;
      }
      end = `(${page[page.length - 1]?.[0]}`;
    }
    return out;
  }
}
