import type { Redis } from 'ioredis';
import type { ClusterStatus } from '../../blocks/monitoring/status-message';
import { key } from './connection';

export interface StoredStatus {
  status: ClusterStatus;
  /** Epoch ms of the evaluation. */
  at: number;
}

/** Each cluster's latest availability as the monitor saw it: the Home tab reads these. */
export class ClusterStatusStore {
  constructor(private readonly redis: Redis) {}

  async save(status: ClusterStatus, at: number, ttlSeconds: number): Promise<void> {
    await this.redis.set(
      key('cluster-status', status.cluster),
      JSON.stringify({ status, at }),
      'EX',
      ttlSeconds,
    );
  }

  async read(clusters: readonly string[]): Promise<(StoredStatus | undefined)[]> {
    if (clusters.length === 0) return [];
    const raw = await this.redis.mget(clusters.map((c) => key('cluster-status', c)));
    return raw.map((r) => (r ? (JSON.parse(r) as StoredStatus) : undefined));
  }
}
