import type { Redis } from 'ioredis';
import type { HostRecord } from '../../domain/host-status';
import { key } from './connection';

const CLUSTERS = key('hosts', 'clusters');
const hostsOf = (cluster: string) => key('hosts', cluster);

/**
 * The edge-host inventory: one Redis hash per cluster, host name → record. It never holds an
 * activation code, and it can be rebuilt from SSM tags and Kubernetes nodes (reconcile).
 */
export class HostInventory {
  constructor(private readonly redis: Redis) {}

  async get(cluster: string, name: string): Promise<HostRecord | undefined> {
    const raw = await this.redis.hget(hostsOf(cluster), name);
    return raw ? (JSON.parse(raw) as HostRecord) : undefined;
  }

  /** Every cluster's record of this host name. */
  async find(name: string): Promise<HostRecord[]> {
    const clusters = await this.redis.smembers(CLUSTERS);
    const found = await Promise.all(clusters.map((c) => this.get(c, name)));
    return found.filter((r): r is HostRecord => r !== undefined);
  }

  async put(record: HostRecord): Promise<void> {
    await this.redis
      .multi()
      .sadd(CLUSTERS, record.cluster)
      .hset(hostsOf(record.cluster), record.name, JSON.stringify(record))
      .exec();
  }

  async list(cluster?: string): Promise<HostRecord[]> {
    const clusters = cluster ? [cluster] : await this.redis.smembers(CLUSTERS);
    const all = await Promise.all(
      clusters.map(async (c) => Object.values(await this.redis.hgetall(hostsOf(c)))),
    );
    return all
      .flat()
      .map((raw) => JSON.parse(raw) as HostRecord)
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name));
  }

  /** Names in use: hosts that are not deregistered. */
  async activeNames(cluster: string): Promise<string[]> {
    return (await this.list(cluster)).filter((h) => !h.deregistered).map((h) => h.name);
  }

  /** Replaces one cluster's inventory in one step (after a reconcile). */
  async replaceCluster(cluster: string, records: readonly HostRecord[]): Promise<void> {
    const tx = this.redis.multi().sadd(CLUSTERS, cluster).del(hostsOf(cluster));
    if (records.length > 0) {
      tx.hset(hostsOf(cluster), Object.fromEntries(records.map((r) => [r.name, JSON.stringify(r)])));
    }
    await tx.exec();
  }
}
