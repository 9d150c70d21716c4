import type { Redis } from 'ioredis';
import { key } from './connection';

/** first: this caller learned it first; unconfirmed: someone claimed it but never confirmed the send. */
export type NoticeClaim = 'first' | 'unconfirmed' | 'sent';

// Longer than anything that can learn of the same change: the watcher (a day or two) and a reconcile
// (which announces only what changed since the inventory it read).
const TTL_SECONDS = 30 * 24 * 3600;

// KEYS: the notice. ARGV: ttl.
const CLAIM = `
local state = redis.call('GET', KEYS[1])
if state then return state end
redis.call('SET', KEYS[1], 'claimed', 'EX', ARGV[1])
return 'first'`;

/**
 * Which channel notices went out, one key per host and notice: the watcher, a refresh and the
 * monitor may all learn of the same registration or join, and the channel hears of it once.
 */
export class NoticeLedger {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbNoticeClaim', { numberOfKeys: 1, lua: CLAIM });
  }

  async claim(noticeKey: string): Promise<NoticeClaim> {
    const state = await (
      this.redis as unknown as { hbNoticeClaim(k: string, ttl: number): Promise<string> }
    ).hbNoticeClaim(key('notice', noticeKey), TTL_SECONDS);
    return state === 'first' || state === 'sent' ? state : 'unconfirmed';
  }

  async sent(noticeKey: string): Promise<void> {
    await this.redis.set(key('notice', noticeKey), 'sent', 'EX', TTL_SECONDS);
  }
}
