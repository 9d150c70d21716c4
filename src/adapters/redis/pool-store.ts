import type { Redis } from 'ioredis';
import { key } from './connection';

/** A hybrid node pool as stored: what its nodes run and carry, and which hosts are in it. */
export interface PoolRecord {
  cluster: string;
  name: string;
  profile: { name: string; version: string };
  arch: 'amd64' | 'arm64';
  labels: Record<string, string>;
  taints: string[];
  maxParallel: number;
  /** Hosts that joined as the pool's nodes, sorted. */
  hosts: string[];
  createdBy: string;
  createdAt: number;
}

export type NewPool = Omit<PoolRecord, 'hosts'>;

/** The last thing that happened to a member host, as `pool show` tells it. */
export interface MemberChange {
  /** Epoch ms. */
  at: number;
  /** In plain words, e.g. "joined by change c-12", "labels patched", "rebuilt from the cluster". */
  what: string;
}

export type MemberResult =
  | { outcome: 'added' | 'already' }
  | { outcome: 'no-pool' }
  /** The host belongs to another pool of the cluster: a host is in one pool at most. */
  | { outcome: 'taken'; pool: string };

const poolsOf = (cluster: string) => key('pools', cluster);
/** host → pool, per cluster: who may join which pool is checked against it atomically. */
const membershipOf = (cluster: string) => key('pool-of', cluster);
const hostsOf = (cluster: string, pool: string) => key('pool-hosts', cluster, pool);
/** host → its last change (JSON), per pool. */
const changesOf = (cluster: string, pool: string) => key('pool-member-changes', cluster, pool);
const CLUSTERS = key('pools', 'clusters');

// KEYS: pools, membership, the pool's hosts, the pool's member changes. ARGV: pool, host, change JSON or ''.
const ADD_MEMBER = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {'no-pool'} end
local owner = redis.call('HGET', KEYS[2], ARGV[2])
if owner and owner ~= ARGV[1] then return {'taken', owner} end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[4], ARGV[2], ARGV[3]) end
if redis.call('SADD', KEYS[3], ARGV[2]) == 1 then return {'added'} end
return {'already'}`;

// KEYS: membership, the pool's hosts, the pool's member changes. ARGV: pool, host.
const REMOVE_MEMBER = `
if redis.call('HGET', KEYS[1], ARGV[2]) == ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[2]) end
redis.call('HDEL', KEYS[3], ARGV[2])
return redis.call('SREM', KEYS[2], ARGV[2])`;

// KEYS: the pool's hosts, the pool's member changes. ARGV: host, change JSON. Only a member's change is kept.
const RECORD_CHANGE = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`;

// KEYS: pools, the pool's hosts. ARGV: pool. Only an empty pool is deleted.
const DELETE_EMPTY = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 'not-found' end
if redis.call('SCARD', KEYS[2]) > 0 then return 'not-empty' end
redis.call('HDEL', KEYS[1], ARGV[1])
return 'deleted'`;

interface Scripts {
  hbPoolAddMember(
    pools: string,
    membership: string,
    hosts: string,
    changes: string,
    pool: string,
    host: string,
    change: string,
  ): Promise<string[]>;
  hbPoolRemoveMember(
    membership: string,
    hosts: string,
    changes: string,
    pool: string,
    host: string,
  ): Promise<number>;
  hbPoolRecordChange(hosts: string, changes: string, host: string, change: string): Promise<number>;
  hbPoolDeleteEmpty(pools: string, hosts: string, pool: string): Promise<string>;
}

/**
 * Hybrid node pools, one Redis hash per cluster (pool name → record) and a host → pool index.
 * Each membership move is one script, so two changes can never put one host in two pools.
 */
export class PoolStore {
  private readonly scripts: Scripts;

  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbPoolAddMember', { numberOfKeys: 4, lua: ADD_MEMBER });
    redis.defineCommand('hbPoolRemoveMember', { numberOfKeys: 3, lua: REMOVE_MEMBER });
    redis.defineCommand('hbPoolRecordChange', { numberOfKeys: 2, lua: RECORD_CHANGE });
    redis.defineCommand('hbPoolDeleteEmpty', { numberOfKeys: 2, lua: DELETE_EMPTY });
    this.scripts = redis as unknown as Scripts;
  }

  /** Creates the pool, with no hosts yet, unless it exists; returns whether it did. */
  async create(pool: NewPool): Promise<boolean> {
    const created = await this.redis.hsetnx(poolsOf(pool.cluster), pool.name, JSON.stringify(pool));
    await this.redis.sadd(CLUSTERS, pool.cluster);
    return created === 1;
  }

  async get(cluster: string, name: string): Promise<PoolRecord | undefined> {
    const raw = await this.redis.hget(poolsOf(cluster), name);
    return raw ? this.withHosts(JSON.parse(raw) as NewPool) : undefined;
  }

  private async withHosts(pool: NewPool): Promise<PoolRecord> {
    return { ...pool, hosts: (await this.redis.smembers(hostsOf(pool.cluster, pool.name))).sort() };
  }

  async list(cluster?: string): Promise<PoolRecord[]> {
    const clusters = cluster ? [cluster] : await this.redis.smembers(CLUSTERS);
    const all = await Promise.all(
      clusters.map(async (c) => Object.values(await this.redis.hgetall(poolsOf(c)))),
    );
    const pools = all
      .flat()
      .map((raw) => JSON.parse(raw) as NewPool)
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.name.localeCompare(b.name));
    return Promise.all(pools.map((p) => this.withHosts(p)));
  }

  /** The pool a host belongs to in a cluster, if any. */
  async poolOf(cluster: string, host: string): Promise<string | undefined> {
    return (await this.redis.hget(membershipOf(cluster), host)) ?? undefined;
  }

  /**
   * Records a host as a member: idempotent, and refused while another pool holds the host. With
   * `change`, that is recorded as the member's last change in the same script.
   */
  async addMember(cluster: string, pool: string, host: string, change?: MemberChange): Promise<MemberResult> {
    const [outcome, owner] = await this.scripts.hbPoolAddMember(
      poolsOf(cluster),
      membershipOf(cluster),
      hostsOf(cluster, pool),
      changesOf(cluster, pool),
      pool,
      host,
      change ? JSON.stringify(change) : '',
    );
    if (outcome === 'taken') return { outcome, pool: owner ?? '' };
    return { outcome: outcome as 'added' | 'already' | 'no-pool' };
  }

  /** Takes a host out of the pool; returns whether it was in it. */
  async removeMember(cluster: string, pool: string, host: string): Promise<boolean> {
    return (
      (await this.scripts.hbPoolRemoveMember(
        membershipOf(cluster),
        hostsOf(cluster, pool),
        changesOf(cluster, pool),
        pool,
        host,
      )) === 1
    );
  }

  /** Records the last change of a member host (a relabel, an upgrade); false when it is not a member. */
  async recordMemberChange(
    cluster: string,
    pool: string,
    host: string,
    change: MemberChange,
  ): Promise<boolean> {
    return (
      (await this.scripts.hbPoolRecordChange(
        hostsOf(cluster, pool),
        changesOf(cluster, pool),
        host,
        JSON.stringify(change),
      )) === 1
    );
  }

  /** Each member's last change, by host; members with none recorded are absent. */
  async memberChanges(cluster: string, pool: string): Promise<Record<string, MemberChange>> {
    const raw = await this.redis.hgetall(changesOf(cluster, pool));
    return Object.fromEntries(
      Object.entries(raw).map(([host, json]) => [host, JSON.parse(json) as MemberChange]),
    );
  }

  /** Deletes a pool with no hosts left; a pool with hosts stays. */
  async deleteEmpty(cluster: string, pool: string): Promise<'deleted' | 'not-found' | 'not-empty'> {
    return (await this.scripts.hbPoolDeleteEmpty(poolsOf(cluster), hostsOf(cluster, pool), pool)) as
      | 'deleted'
      | 'not-found'
      | 'not-empty';
  }

  /** Replaces what a pool's nodes should carry (a relabel); returns false when there is no such pool. */
  async setMetadata(
    cluster: string,
    name: string,
    metadata: Pick<PoolRecord, 'labels' | 'taints'>,
  ): Promise<boolean> {
    const raw = await this.redis.hget(poolsOf(cluster), name);
    if (!raw) return false;
    const pool = { ...(JSON.parse(raw) as NewPool), labels: metadata.labels, taints: metadata.taints };
    await this.redis.hset(poolsOf(cluster), name, JSON.stringify(pool));
    return true;
  }

  /** The profile version the pool's nodes run (a rollout's last step); false when there is no such pool. */
  async setProfile(cluster: string, name: string, profile: PoolRecord['profile']): Promise<boolean> {
    const raw = await this.redis.hget(poolsOf(cluster), name);
    if (!raw) return false;
    await this.redis.hset(
      poolsOf(cluster),
      name,
      JSON.stringify({ ...(JSON.parse(raw) as NewPool), profile }),
    );
    return true;
  }
}
