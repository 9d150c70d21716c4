import type { Redis } from 'ioredis';
import { key } from './connection';

export type IssueState = { state: 'creating' } | { state: 'delivered'; activationId: string };

const TTL_SECONDS = 7 * 24 * 3600;

/**
 * Which issue requests got their activation to the requester. A request still `creating` after a
 * crash may have left an activation nobody received: the retry deletes it before making a new one,
 * so a host never has two live activations. Holds IDs only, never codes.
 */
export class ActivationLedger {
  constructor(private readonly redis: Redis) {}

  async get(issueKey: string): Promise<IssueState | undefined> {
    const raw = await this.redis.get(key('issue', issueKey));
    return raw ? (JSON.parse(raw) as IssueState) : undefined;
  }

  async creating(issueKey: string): Promise<void> {
    await this.redis.set(key('issue', issueKey), JSON.stringify({ state: 'creating' }), 'EX', TTL_SECONDS);
  }

  async delivered(issueKey: string, activationId: string): Promise<void> {
    const value = JSON.stringify({ state: 'delivered', activationId });
    await this.redis.set(key('issue', issueKey), value, 'EX', TTL_SECONDS);
  }
}
