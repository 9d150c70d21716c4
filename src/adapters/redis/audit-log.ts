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

/** The audit trail: an append-only Redis stream, trimmed to the newest 100,000 entries. */
export class AuditLog {
  constructor(private readonly redis: Redis) {}

  async append(entry: AuditEntry): Promise<void> {
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
