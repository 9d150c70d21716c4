import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AUDIT_MAX_ENTRIES, AUDIT_STREAM, type AuditEntry, serializeAuditEntry } from './audit-log';
import { key } from './connection';

/** One stored version of a profile: the profile itself and who saved it when. */
export interface StoredProfileVersion<P = unknown> {
  name: string;
  version: string;
  /** The profile as the domain parsed it (canonical). */
  profile: P;
  /** A digest of the content: equal digests mean the same profile. */
  fingerprint: string;
  savedBy: string;
  savedAt: number;
}

export type NewProfileVersion<P> = Omit<StoredProfileVersion<P>, 'fingerprint'>;

/** A digest of a profile that does not depend on the order of its keys. */
export function fingerprintOf(profile: unknown): string {
  return createHash('sha256').update(stableJson(profile)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type SaveResult =
  | { outcome: 'saved' }
  /** The very same content is already stored under this name and version: nothing was written. */
  | { outcome: 'unchanged' }
  /** Another content holds this name and version: versions never change. */
  | { outcome: 'conflict' };

export type DeleteResult =
  | { outcome: 'deleted' }
  | { outcome: 'not-found' }
  /** Pools use this version: it stays. */
  | { outcome: 'used'; by: string[] };

const INDEX = key('profiles');
const versionsKey = (name: string) => key('profile', name, 'versions');
const usedKey = (name: string, version: string) => key('profile-used', name, version);

// KEYS: versions hash, index, audit stream. ARGV: version, record JSON, fingerprint, name, audit entry, audit max.
// The version's record and the audit entry are written together, or neither.
const SAVE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  if cjson.decode(raw).fingerprint == ARGV[3] then return 'unchanged' end
  return 'conflict'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'e', ARGV[5])
return 'saved'`;

// KEYS: versions hash, index, used set, audit stream. ARGV: version, name, audit entry, audit max.
const DELETE = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return {'not-found'} end
local used = redis.call('SMEMBERS', KEYS[3])
if #used > 0 then
  table.insert(used, 1, 'used')
  return used
end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[4], '*', 'e', ARGV[3])
return {'deleted'}`;

// KEYS: versions hash, used set. ARGV: version, pool. A pool can only use a version that exists.
const MARK_USED = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
return 1`;

type Scripts = {
  hbProfileSave(...args: string[]): Promise<string>;
  hbProfileDelete(...args: string[]): Promise<string[]>;
  hbProfileMarkUsed(...args: string[]): Promise<number>;
};

/**
 * Cluster profiles by name and version, under the bot's key prefix. A version never changes once
 * saved, and a version a pool uses is never deleted; every save and delete is one Lua script that
 * also appends its audit entry, so the trail and the store cannot disagree.
 */
export class ProfileStore<P = unknown> {
  private readonly scripts: Scripts;

  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbProfileSave', { numberOfKeys: 3, lua: SAVE });
    redis.defineCommand('hbProfileDelete', { numberOfKeys: 4, lua: DELETE });
    redis.defineCommand('hbProfileMarkUsed', { numberOfKeys: 2, lua: MARK_USED });
    this.scripts = redis as unknown as Scripts;
  }

  async save(next: NewProfileVersion<P>, audit: AuditEntry): Promise<SaveResult> {
    const version: StoredProfileVersion<P> = { ...next, fingerprint: fingerprintOf(next.profile) };
    const outcome = await this.scripts.hbProfileSave(
      versionsKey(version.name),
      INDEX,
      AUDIT_STREAM,
      version.version,
      JSON.stringify(version),
      version.fingerprint,
      version.name,
      serializeAuditEntry(audit),
      String(AUDIT_MAX_ENTRIES),
    );
    return { outcome: outcome as SaveResult['outcome'] };
  }

  async get(name: string, version: string): Promise<StoredProfileVersion<P> | undefined> {
    const raw = await this.redis.hget(versionsKey(name), version);
    return raw ? (JSON.parse(raw) as StoredProfileVersion<P>) : undefined;
  }

  /** Every version of one profile, in no particular order. */
  async versions(name: string): Promise<StoredProfileVersion<P>[]> {
    const all = await this.redis.hvals(versionsKey(name));
    return all.map((raw) => JSON.parse(raw) as StoredProfileVersion<P>);
  }

  /** The names of every profile with at least one version, sorted. */
  async names(): Promise<string[]> {
    return (await this.redis.smembers(INDEX)).sort();
  }

  /** Refuses (`used`) while any pool uses the version. */
  async delete(name: string, version: string, audit: AuditEntry): Promise<DeleteResult> {
    const [outcome, ...by] = await this.scripts.hbProfileDelete(
      versionsKey(name),
      INDEX,
      usedKey(name, version),
      AUDIT_STREAM,
      version,
      name,
      serializeAuditEntry(audit),
      String(AUDIT_MAX_ENTRIES),
    );
    if (outcome === 'used') return { outcome, by: by.sort() };
    return { outcome: outcome as 'deleted' | 'not-found' };
  }

  /** Records that `pool` runs this version; false when the version does not exist. */
  async markUsed(name: string, version: string, pool: string): Promise<boolean> {
    return (
      (await this.scripts.hbProfileMarkUsed(versionsKey(name), usedKey(name, version), version, pool)) === 1
    );
  }

  async unmarkUsed(name: string, version: string, pool: string): Promise<void> {
    await this.redis.srem(usedKey(name, version), pool);
  }

  /** The pools that use this version, sorted. */
  async usedBy(name: string, version: string): Promise<string[]> {
    return (await this.redis.smembers(usedKey(name, version))).sort();
  }
}
