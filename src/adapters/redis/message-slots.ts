import type { Redis } from 'ioredis';
import { key } from './connection';

export interface SlotMessage {
  channel: string;
  ts: string;
  /** The version of the content last sent (see `nextVersion`). */
  seq?: number;
}

/**
 * Named messages the bot posts once and then updates in place (progress, approvals, alerts):
 * slot name → the channel and ts Slack gave the message.
 */
export class MessageSlots {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  async get(slot: string): Promise<SlotMessage | undefined> {
    const raw = await this.redis.get(key('slot', slot));
    return raw ? (JSON.parse(raw) as SlotMessage) : undefined;
  }

  async set(slot: string, msg: SlotMessage): Promise<void> {
    await this.redis.set(key('slot', slot), JSON.stringify(msg), 'EX', this.ttlSeconds);
  }

  /** Numbers the versions of a slot's content in the order they were sent to the outbox. */
  async nextVersion(slot: string): Promise<number> {
    const k = key('slot-seq', slot);
    const [[, seq]] = (await this.redis.multi().incr(k).expire(k, this.ttlSeconds).exec()) as [
      [unknown, number],
    ];
    return seq;
  }

  /** A short lock so two outbox workers never both post the first message of one slot. */
  /** The newest version handed out for the slot (0 when none). */
  async latestVersion(slot: string): Promise<number> {
    return Number((await this.redis.get(key('slot-seq', slot))) ?? 0);
  }

  async lock(slot: string, ms = 15_000): Promise<(() => Promise<void>) | undefined> {
    const k = key('slot-lock', slot);
    const ok = await this.redis.set(k, '1', 'PX', ms, 'NX');
    return ok === 'OK' ? async () => void (await this.redis.del(k)) : undefined;
  }
}
