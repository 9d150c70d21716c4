import type { Redis } from 'ioredis';
import type { ClusterInfo } from '../../domain/host-registration';
import { key } from './connection';

/**
 * What jobs last learned from EKS about each cluster (hybrid enabled, remote node networks,
 * version), so the registration form can point at the wrong field without calling AWS itself.
 */
export class ClusterInfoCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async get(name: string): Promise<ClusterInfo | undefined> {
    const raw = await this.redis.get(key('cluster-info', name));
    return raw ? (JSON.parse(raw) as ClusterInfo) : undefined;
  }

  async put(info: ClusterInfo): Promise<void> {
    await this.redis.set(key('cluster-info', info.name), JSON.stringify(info), 'EX', this.ttlSeconds);
  }
}
