import type { Redis } from 'ioredis';
import type { ChangeEventRecord, ChangeRecord, NewChange } from '../../domain/changes/change';
import { type ChangeEvent, type ChangeState, FINAL_STATES, moveOf } from '../../domain/changes/change-state';
import type { StepRecord, StepState } from '../../domain/changes/journal';
import type { ChangeTarget } from '../../domain/changes/planner';
import { targetKey } from '../../domain/changes/planner';
import type { TargetLock } from '../../domain/changes/target-lock';
import { POOL_LABEL_KIND } from '../../domain/pools/pool-label-plan';
import { KEY_PREFIX, key } from './connection';

/** Kinds renamed since changes were stored: a stored change loads under its feature's kind today. */
const RENAMED_KINDS: Readonly<Record<string, string>> = { 'pool-relabel': POOL_LABEL_KIND };

export type { ChangeEventRecord, ChangeRecord, NewChange };

export type CreateResult =
  | { outcome: 'created' | 'exists'; id: string }
  | { outcome: 'locked'; lock: TargetLock };

const SEQ = key('change-seq');
const INDEX = key('changes');
const BASE = `${KEY_PREFIX}:change:`;
const changeKey = (id: string) => key('change', id);
const stepsKey = (id: string) => key('change', id, 'steps');
const eventsKey = (id: string) => key('change', id, 'events');
const lockKey = (t: ChangeTarget) => key('change-lock', targetKey(t));
const byRequestKey = (requestKey: string) => key('change-request', requestKey);

const KEEP_SECONDS = 90 * 24 * 3600;
const FINAL_LIST = [...FINAL_STATES].join(',');

// The change keys are built here from the prefix: they share the `{hb}` hash tag with KEYS, so
// the script stays on one Redis Cluster slot.
// KEYS: by-request, lock, seq, index. ARGV: base, now, meta, finalStates, keepSeconds, then step key/record pairs.
const CREATE = `
local existing = redis.call('GET', KEYS[1])
if existing then return {'exists', existing} end
local holder = redis.call('GET', KEYS[2])
if holder then
  local lock = cjson.decode(holder)
  local state = redis.call('HGET', ARGV[1] .. lock.changeId, 'state')
  local final = false
  for s in string.gmatch(ARGV[4], '[^,]+') do if s == state then final = true end end
  local expired = state == 'awaiting-approval' and tonumber(redis.call('HGET', ARGV[1] .. lock.changeId, 'expiresAt')) <= tonumber(ARGV[2])
  if state and not final and not expired then return {'locked', holder} end
end
local id = tostring(redis.call('INCR', KEYS[3]))
local meta = cjson.decode(ARGV[3])
local ckey = ARGV[1] .. id
redis.call('HSET', ckey, 'meta', ARGV[3], 'state', 'awaiting-approval', 'updatedAt', ARGV[2],
  'expiresAt', meta.expiresAt, 'lock', KEYS[2])
for i = 6, #ARGV, 2 do redis.call('HSET', ckey .. ':steps', ARGV[i], ARGV[i + 1]) end
redis.call('SET', KEYS[2], cjson.encode({target = meta.target, changeId = id, requester = meta.requester, since = tonumber(ARGV[2])}))
redis.call('SET', KEYS[1], id, 'EX', ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[2], id)
return {'created', id}`;

// KEYS: change. ARGV: the event's allowed-from states (comma list, from the transition table), the
// state it reaches, now, finalStates, approver or '', change id.
// Reaching a final state frees the target's lock if this change holds it; each resume is counted.
// Returns the state found; the change moved only when it was one of the expected.
const TRANSITION = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return false end
local ok = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == state then ok = true end end
if not ok then return state end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'updatedAt', ARGV[3])
if state == 'paused' and ARGV[2] == 'applying' then redis.call('HINCRBY', KEYS[1], 'resumes', 1) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'approver', ARGV[5]) end
for s in string.gmatch(ARGV[4], '[^,]+') do
  if s == ARGV[2] then
    local lock = redis.call('HGET', KEYS[1], 'lock')
    local holder = lock and redis.call('GET', lock)
    if holder and cjson.decode(holder).changeId == ARGV[6] then redis.call('DEL', lock) end
  end
end
return state`;

// KEYS: steps. ARGV: step key, expected state, new record. Returns the state found.
const STEP = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local state = cjson.decode(raw).state
if state ~= ARGV[2] then return state end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return state`;

// KEYS: steps. ARGV: the running step's key and its done record, then the next step's key and its
// running record, or ''. The next step is taken only when it is still pending and this one was running:
// returns 0 (this step was not running: nothing written), 1 (done) or 2 (done, the next one taken).
const SETTLE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw or cjson.decode(raw).state ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '' then return 1 end
local nextRaw = redis.call('HGET', KEYS[1], ARGV[3])
if not nextRaw or cjson.decode(nextRaw).state ~= 'pending' then return 1 end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
return 2`;

type Run = (...args: unknown[]) => Promise<unknown>;

/**
 * Changes, their journals and the one-change-per-target locks. Every state move is a
 * compare-and-set in one script, so two workers (or a click and a redelivery) never both move it.
 */
export class ChangeStore {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('hbChangeCreate', { numberOfKeys: 4, lua: CREATE });
    redis.defineCommand('hbChangeTransition', { numberOfKeys: 1, lua: TRANSITION });
    redis.defineCommand('hbChangeStep', { numberOfKeys: 1, lua: STEP });
    redis.defineCommand('hbChangeSettle', { numberOfKeys: 1, lua: SETTLE });
  }

  private run(name: string): Run {
    return (this.redis as unknown as Record<string, Run>)[name] as Run;
  }

  /** Creates the change once per request key, unless another live change holds its target. */
  async create(requestKey: string, change: NewChange, steps: StepRecord[]): Promise<CreateResult> {
    const pairs = steps.flatMap((s) => [s.key, JSON.stringify(s)]);
    const [outcome, value] = (await this.run('hbChangeCreate').call(
      this.redis,
      byRequestKey(requestKey),
      lockKey(change.target),
      SEQ,
      INDEX,
      BASE,
      change.createdAt,
      JSON.stringify(change),
      FINAL_LIST,
      KEEP_SECONDS,
      ...pairs,
    )) as [string, string];
    if (outcome === 'locked') return { outcome, lock: JSON.parse(value) as TargetLock };
    return { outcome: outcome as 'created' | 'exists', id: value };
  }

  /** The change a request key created, if any (a fleet finds its pools' changes this way). */
  async byRequest(requestKey: string): Promise<string | undefined> {
    return (await this.redis.get(byRequestKey(requestKey))) ?? undefined;
  }

  async get(id: string): Promise<ChangeRecord | undefined> {
    const h = await this.redis.hgetall(changeKey(id));
    if (!h.meta || !h.state) return undefined;
    const meta = JSON.parse(h.meta) as NewChange;
    return {
      ...meta,
      kind: RENAMED_KINDS[meta.kind] ?? meta.kind,
      id,
      state: h.state as ChangeState,
      updatedAt: Number(h.updatedAt),
      ...(h.approver ? { approver: h.approver } : {}),
      ...(h.resumes ? { resumes: Number(h.resumes) } : {}),
      ...(h.traceparent ? { traceparent: h.traceparent } : {}),
    };
  }

  /** Where the change's start is in the traces; the first one recorded stays (a rerun adds nothing). */
  async recordTrace(id: string, traceparent: string): Promise<void> {
    await this.redis.hsetnx(changeKey(id), 'traceparent', traceparent);
  }

  /**
   * Makes the event's move (see `MOVES`) if the change is in a state the event may leave from;
   * returns the state it was found in.
   */
  async move(
    id: string,
    event: ChangeEvent,
    now: number,
    approver?: string,
  ): Promise<{ moved: boolean; found?: ChangeState }> {
    const { from, to } = moveOf(event);
    const found = (await this.run('hbChangeTransition').call(
      this.redis,
      changeKey(id),
      from.join(','),
      to,
      now,
      FINAL_LIST,
      approver ?? '',
      id,
    )) as ChangeState | null;
    return { moved: found !== null && from.includes(found), ...(found ? { found } : {}) };
  }

  /** The journal, in plan order. */
  async steps(id: string): Promise<StepRecord[]> {
    const h = await this.redis.hgetall(stepsKey(id));
    return Object.values(h)
      .map((raw) => JSON.parse(raw) as StepRecord)
      .sort((a, b) => a.index - b.index);
  }

  /** Replaces a step's record if it is still in `expected`; false when another worker moved it first. */
  async updateStep(id: string, expected: StepState, next: StepRecord): Promise<boolean> {
    const found = await this.run('hbChangeStep').call(
      this.redis,
      stepsKey(id),
      next.key,
      expected,
      JSON.stringify(next),
    );
    return found === expected;
  }

  /**
   * Records a running step done and, in the same move, takes the next step of its group (still
   * pending) for the job that ran it: no other job can start that step in between.
   */
  async settleStep(
    id: string,
    done: StepRecord,
    next?: StepRecord,
  ): Promise<'not-running' | 'done' | 'done-and-next'> {
    const found = await this.run('hbChangeSettle').call(
      this.redis,
      stepsKey(id),
      done.key,
      JSON.stringify(done),
      next?.key ?? '',
      next ? JSON.stringify(next) : '',
    );
    return found === 2 ? 'done-and-next' : found === 1 ? 'done' : 'not-running';
  }

  /** Adds steps to the journal (a roll-back's); a step already there is kept as it is. */
  async appendSteps(id: string, steps: readonly StepRecord[]): Promise<void> {
    if (steps.length === 0) return;
    const multi = this.redis.multi();
    for (const s of steps) multi.hsetnx(stepsKey(id), s.key, JSON.stringify(s));
    await multi.exec();
  }

  async addEvent(id: string, event: ChangeEventRecord): Promise<void> {
    await this.redis.rpush(eventsKey(id), JSON.stringify(event));
  }

  async events(id: string): Promise<ChangeEventRecord[]> {
    return (await this.redis.lrange(eventsKey(id), 0, -1)).map((r) => JSON.parse(r) as ChangeEventRecord);
  }

  async lockOf(target: ChangeTarget): Promise<TargetLock | undefined> {
    const raw = await this.redis.get(lockKey(target));
    return raw ? (JSON.parse(raw) as TargetLock) : undefined;
  }

  /**
   * The changes among the newest `limit` that are not over, as the metrics count them: their states
   * are read first, and only the live ones' records (plans can be large) after.
   */
  async live(
    limit: number,
  ): Promise<Pick<ChangeRecord, 'id' | 'kind' | 'state' | 'updatedAt' | 'expiresAt'>[]> {
    const ids = await this.redis.zrevrange(INDEX, 0, limit - 1);
    const states = await Promise.all(ids.map((id) => this.redis.hget(changeKey(id), 'state')));
    const live = ids.filter((_, i) => {
      const state = states[i] as ChangeState | null;
      return state !== null && !FINAL_STATES.has(state);
    });
    const found = await Promise.all(live.map((id) => this.get(id)));
    return found
      .filter((c): c is ChangeRecord => c !== undefined)
      .map(({ id, kind, state, updatedAt, expiresAt }) => ({ id, kind, state, updatedAt, expiresAt }));
  }

  /** The newest changes first. */
  async list(limit = 50): Promise<ChangeRecord[]> {
    const ids = await this.redis.zrevrange(INDEX, 0, limit - 1);
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter((c): c is ChangeRecord => c !== undefined);
  }
}
