import type { Redis } from 'ioredis';
import { deriveHostStatus, type HostRecord, type StoredHost } from '../../domain/host-status';
import { type Clock, systemClock } from '../../ports';
import { key } from './connection';

const CLUSTERS = key('hosts', 'clusters');
const hostsOf = (cluster: string) => key('hosts', cluster);
/** A per-cluster write counter, and the counter's value at each host's last write. */
const revisionOf = (cluster: string) => key('hosts-revision', cluster);
const writtenAtOf = (cluster: string) => key('hosts-written-at', cluster);

// KEYS: hosts, written-at, revision, clusters. ARGV: cluster, name, record.
const PUT = `
local revision = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ARGV[2], revision)
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[1])
return revision`;

// KEYS: as PUT. ARGV: cluster, name, record, the record it replaces. 0 when someone wrote in between.
const SWAP = `
if redis.call('HGET', KEYS[1], ARGV[2]) ~= ARGV[4] then return 0 end
${PUT}`;

// KEYS: hosts, written-at, clusters. ARGV: cluster, readAt, then name/record pairs.
// A host written after readAt keeps its record: the reconcile's view of it is older.
const REPLACE = `
local readAt = tonumber(ARGV[2])
local function newer(name)
  local at = redis.call('HGET', KEYS[2], name)
  return at and tonumber(at) > readAt
end
local wanted = {}
for i = 3, #ARGV, 2 do wanted[ARGV[i]] = ARGV[i + 1] end
for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
  if not wanted[name] and not newer(name) then redis.call('HDEL', KEYS[1], name) end
end
local kept = 0
for name, record in pairs(wanted) do
  if newer(name) then kept = kept + 1 else redis.call('HSET', KEYS[1], name, record) end
end
redis.call('SADD', KEYS[3], ARGV[1])
return kept`;

type Run = (...args: unknown[]) => Promise<number>;

/**
 * The edge-host inventory: one Redis hash per cluster, host name → record. It never holds an
 * activation code, and it can be rebuilt from SSM tags and Kubernetes nodes (reconcile).
 */
export class HostInventory {
  /** The stored text each record was read from, so a compare-and-put compares what is really there. */
  private readonly readFrom = new WeakMap<HostRecord, string>();

  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock = systemClock,
  ) {
    redis.defineCommand('hbHostPut', { numberOfKeys: 4, lua: PUT });
    redis.defineCommand('hbHostsReplace', { numberOfKeys: 3, lua: REPLACE });
    redis.defineCommand('hbHostSwap', { numberOfKeys: 4, lua: SWAP });
  }

  async get(cluster: string, name: string): Promise<HostRecord | undefined> {
    const raw = await this.redis.hget(hostsOf(cluster), name);
    return raw ? this.view(raw) : undefined;
  }

  /** A host's status is derived when read: an activation that expired a minute ago reads as expired now. */
  private view(raw: string): HostRecord {
    const { status: _written, ...stored } = JSON.parse(raw) as StoredHost & { status?: unknown };
    const record: HostRecord = { ...stored, status: deriveHostStatus(stored, this.clock.now()) };
    this.readFrom.set(record, raw);
    return record;
  }

  /** Every cluster's record of this host name. */
  async find(name: string): Promise<HostRecord[]> {
    const clusters = await this.redis.smembers(CLUSTERS);
    const found = await Promise.all(clusters.map((c) => this.get(c, name)));
    return found.filter((r): r is HostRecord => r !== undefined);
  }

  async put(record: HostRecord): Promise<void> {
    const c = record.cluster;
    await (this.redis as unknown as { hbHostPut: Run }).hbHostPut(
      hostsOf(c),
      writtenAtOf(c),
      revisionOf(c),
      CLUSTERS,
      c,
      record.name,
      serialize(record),
    );
  }

  /**
   * Writes `next` only if the stored record is still `before` (as read from here): a registration
   * or the watcher writing meanwhile wins. Returns whether it wrote.
   */
  async compareAndPut(before: HostRecord, next: HostRecord): Promise<boolean> {
    const c = next.cluster;
    const written = await (this.redis as unknown as { hbHostSwap: Run }).hbHostSwap(
      hostsOf(c),
      writtenAtOf(c),
      revisionOf(c),
      CLUSTERS,
      c,
      next.name,
      serialize(next),
      this.readFrom.get(before) ?? serialize(before),
    );
    return written !== 0;
  }

  /** The cluster's write counter: read it before reading what a reconcile is built from. */
  async revision(cluster: string): Promise<number> {
    return Number((await this.redis.get(revisionOf(cluster))) ?? 0);
  }

  async list(cluster?: string): Promise<HostRecord[]> {
    const clusters = cluster ? [cluster] : await this.redis.smembers(CLUSTERS);
    const all = await Promise.all(
      clusters.map(async (c) => Object.values(await this.redis.hgetall(hostsOf(c)))),
    );
    return all
      .flat()
      .map((raw) => this.view(raw))
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name));
  }

  /** Names in use: hosts that are not deregistered. */
  async activeNames(cluster: string): Promise<string[]> {
    return (await this.list(cluster)).filter((h) => !h.deregistered).map((h) => h.name);
  }

  /**
   * Replaces one cluster's inventory in one step (after a reconcile), except hosts written after
   * `readAt` (a revision() taken before the reconcile read its inputs): those keep their newer record.
   * Returns how many hosts were kept that way.
   */
  async replaceCluster(cluster: string, records: readonly HostRecord[], readAt: number): Promise<number> {
    return (this.redis as unknown as { hbHostsReplace: Run }).hbHostsReplace(
      hostsOf(cluster),
      writtenAtOf(cluster),
      CLUSTERS,
      cluster,
      readAt,
      ...records.flatMap((r) => [r.name, serialize(r)]),
    );
  }
}

/** What is stored: the facts, never the status derived from them. */
function serialize(record: StoredHost | HostRecord): string {
  const { status: _derived, ...stored } = record as HostRecord;
  return JSON.stringify(stored);
}
