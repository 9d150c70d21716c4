import type { Redis } from 'ioredis';
import { scrubSecrets } from '../../logger';
import { key } from './connection';

export interface AuditEntry {
  at: number;
  user: string;
  command: string;
  channel: string;
  outcome: string;
  detail?: string;
}

const STREAM = key('audit');
const MAX_ENTRIES = 100_000;

/** The audit trail: an append-only Redis stream, trimmed to the newest 100,000 entries. */
export class AuditLog {
  constructor(private readonly redis: Redis) {}

  async append(entry: AuditEntry): Promise<void> {
    const clean = {
      ...entry,
      command: scrubSecrets(entry.command),
      detail: entry.detail && scrubSecrets(entry.detail),
    };
    await this.redis.xadd(STREAM, 'MAXLEN', '~', String(MAX_ENTRIES), '*', 'e', JSON.stringify(clean));
  }

  /** Newest first; scans back in pages until `limit` entries match. */
  async list(filter: { user?: string; limit: number }): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let end = '+';
    for (let pages = 0; pages < 100 && out.length < filter.limit; pages++) {
      const page = await this.redis.xrevrange(STREAM, end, '-', 'COUNT', 500);
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
