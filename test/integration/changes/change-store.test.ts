import { Redis } from 'ioredis';
import { ChangeStore, type NewChange } from '../../../src/adapters/redis/change-store';
import {
  CHANGE_EVENTS,
  CHANGE_STATES,
  type ChangeEvent,
  type ChangeState,
  transition,
} from '../../../src/domain/changes/change-state';
import { newJournal } from '../../../src/domain/changes/journal';
import { POOL_LABEL_KIND } from '../../../src/domain/pools/pool-label-plan';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

let server: RedisServer;
let redis: Redis;
let store: ChangeStore;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
  store = new ChangeStore(redis);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const change = (pool: string, now = 1_000): NewChange => ({
  kind: 'test-change',
  target: { cluster: 'demo', kind: 'pool', name: pool },
  requester: 'U0OPERATOR',
  channel: 'C0OPS',
  title: `Change pool ${pool}`,
  summary: ['one step'],
  diff: [{ op: 'add', text: 'node n1' }],
  plan: { pool },
  planHash: 'hash',
  maxParallel: 1,
  unit: 'nodes',
  canRollBack: false,
  createdAt: now,
  expiresAt: now + 60_000,
});
const journal = () =>
  newJournal([
    { key: 'n1-cordon', action: 'cordon', title: 'Cordon n1', group: 'n1', skippable: false, input: {} },
    { key: 'n1-drain', action: 'drain', title: 'Drain n1', group: 'n1', skippable: true, input: {} },
  ]);

describe('change store', () => {
  it('creates a change once per request, whatever the number of deliveries', async () => {
    const results = await Promise.all([1, 2, 3].map(() => store.create('req-a', change('a'), journal())));
    const ids = new Set(results.map((r) => (r.outcome === 'locked' ? 'locked' : r.id)));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    const [id] = [...ids];
    const stored = await store.get(id!);
    expect(stored).toMatchObject({
      state: 'awaiting-approval',
      title: 'Change pool a',
      requester: 'U0OPERATOR',
    });
    expect((await store.steps(id!)).map((s) => s.key)).toEqual(['n1-cordon', 'n1-drain']);
  });

  it('one live change per target: a second is refused with the holder, and a final state frees the target', async () => {
    const first = await store.create('req-b1', change('b'), journal());
    if (first.outcome === 'locked') throw new Error('unexpected lock');
    const second = await store.create('req-b2', change('b'), journal());
    expect(second).toMatchObject({
      outcome: 'locked',
      lock: { changeId: first.id, requester: 'U0OPERATOR' },
    });
    expect((await store.move(first.id, 'reject', 2_000)).moved).toBe(true);
    expect(await store.lockOf(change('b').target)).toBeUndefined();
    expect((await store.create('req-b3', change('b'), journal())).outcome).toBe('created');
  });

  it('a change nobody approved in time no longer holds its target', async () => {
    const first = await store.create('req-c1', change('c', 1_000), journal());
    expect((await store.create('req-c2', change('c', 30_000), journal())).outcome).toBe('locked');
    const late = await store.create('req-c3', change('c', 61_001), journal());
    expect(late.outcome).toBe('created');
    expect(first.outcome).toBe('created');
  });

  it('of two simultaneous moves from one state, exactly one wins', async () => {
    const c = await store.create('req-d', change('d'), journal());
    if (c.outcome === 'locked') throw new Error('unexpected lock');
    const [approve, reject] = await Promise.all([
      store.move(c.id, 'approve', 2_000, 'U0APPROVER'),
      store.move(c.id, 'reject', 2_000, 'U0OTHER'),
    ]);
    expect([approve.moved, reject.moved].sort()).toEqual([false, true]);
    const stored = await store.get(c.id);
    expect(stored?.state).toBe(approve.moved ? 'approved' : 'rejected');
    expect(stored?.approver).toBe(approve.moved ? 'U0APPROVER' : 'U0OTHER');
  });

  it('a step moves only from the state the worker read', async () => {
    const c = await store.create('req-e', change('e'), journal());
    if (c.outcome === 'locked') throw new Error('unexpected lock');
    const [step] = await store.steps(c.id);
    const running = { ...step!, state: 'running' as const, attempts: 1, startedAt: 5 };
    expect(await store.updateStep(c.id, 'pending', running)).toBe(true);
    expect(await store.updateStep(c.id, 'pending', running)).toBe(false);
    expect((await store.steps(c.id))[0]).toMatchObject({ state: 'running', attempts: 1 });
  });

  it("a step's end and the next step of its node are taken in one move, only while that one is still pending", async () => {
    const c = await store.create('req-settle', change('settle'), journal());
    if (c.outcome === 'locked') throw new Error('unexpected lock');
    const [cordon, drain] = await store.steps(c.id);
    const running = { ...cordon!, state: 'running' as const, attempts: 1 };
    await store.updateStep(c.id, 'pending', running);
    const taken = { ...drain!, state: 'running' as const, takenBy: 'job-1' };
    // Another worker started the drain first: the cordon is recorded done, the drain left to it.
    await store.updateStep(c.id, 'pending', { ...drain!, state: 'running', attempts: 1 });
    expect(await store.settleStep(c.id, { ...running, state: 'done' }, taken)).toBe('done');
    expect((await store.steps(c.id))[1]).toMatchObject({ state: 'running', attempts: 1 });
    expect((await store.steps(c.id))[1]?.takenBy).toBeUndefined();
    // A step no longer running (recorded by an earlier run) is not recorded again, nor the next taken.
    expect(await store.settleStep(c.id, { ...running, state: 'done' }, taken)).toBe('not-running');

    const d = await store.create('req-settle-2', change('settle-2'), journal());
    if (d.outcome === 'locked') throw new Error('unexpected lock');
    const [cordon2, drain2] = await store.steps(d.id);
    const running2 = { ...cordon2!, state: 'running' as const, attempts: 1 };
    await store.updateStep(d.id, 'pending', running2);
    expect(
      await store.settleStep(
        d.id,
        { ...running2, state: 'done' },
        { ...drain2!, state: 'running', takenBy: 'job-2' },
      ),
    ).toBe('done-and-next');
    expect((await store.steps(d.id)).map((s) => [s.state, s.takenBy])).toEqual([
      ['done', undefined],
      ['running', 'job-2'],
    ]);
  });
  it('makes exactly the moves the transition table allows, from every state a change can reach', async () => {
    // The events that lead from a new change (awaiting approval) to each state, shortest first.
    const pathTo = new Map<ChangeState, ChangeEvent[]>([['awaiting-approval', []]]);
    const queue: ChangeState[] = ['awaiting-approval'];
    for (let state = queue.shift(); state; state = queue.shift()) {
      for (const event of CHANGE_EVENTS) {
        const r = transition(state, event);
        if (r.ok && !pathTo.has(r.next)) {
          pathTo.set(r.next, [...pathTo.get(state)!, event]);
          queue.push(r.next);
        }
      }
    }
    // Only `planned` comes before the store: a change is stored already asking for approval.
    expect(CHANGE_STATES.filter((s) => !pathTo.has(s))).toEqual(['planned']);
    let n = 0;
    for (const [state, path] of pathTo) {
      for (const event of CHANGE_EVENTS) {
        const c = await store.create(`req-table-${n}`, change(`table-${n++}`), journal());
        if (c.outcome === 'locked') throw new Error('unexpected lock');
        for (const step of path) expect((await store.move(c.id, step, 2_000)).moved).toBe(true);
        const expected = transition(state, event);
        const moved = await store.move(c.id, event, 3_000);
        expect({ state, event, moved: moved.moved, found: moved.found }).toEqual({
          state,
          event,
          moved: expected.ok,
          found: state,
        });
        expect((await store.get(c.id))?.state).toBe(expected.ok ? expected.next : state);
      }
    }
  });

  it('loads a change stored under a kind since renamed by the name its feature has now', async () => {
    // `pool label` changes were stored as `pool-relabel` before the kind took the command's word.
    const made = await store.create('req-kind', { ...change('k'), kind: 'pool-relabel' }, journal());
    if (made.outcome === 'locked') throw new Error('unexpected lock');
    expect((await store.get(made.id))?.kind).toBe(POOL_LABEL_KIND);
  });
});
