import type { Redis } from 'ioredis';
import { key } from './connection';

/**
 * Members of the Slack user groups named in the access lists, cached in Redis by a job so the
 * request path never waits on Slack's API.
 */
export class UserGroupCache {
  constructor(private readonly redis: Redis) {}

  async groupsOf(userId: string, groupIds: readonly string[]): Promise<string[]> {
    if (groupIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const g of groupIds) pipe.sismember(key('group', g), userId);
    const results = (await pipe.exec()) ?? [];
    return groupIds.filter((_, i) => results[i]?.[1] === 1);
  }

  async replaceMembers(groupId: string, members: string[]): Promise<void> {
    const k = key('group', groupId);
    const tx = this.redis.multi().del(k);
    if (members.length > 0) tx.sadd(k, ...members);
    await tx.exec();
  }
}
