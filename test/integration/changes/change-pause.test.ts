import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ChangeFeatures, StepLeavesGroup, StepWaiting } from '../../../jobs/changes/change-feature';
import { changeProcessors } from '../../../jobs/changes/change-processors';
import type { CommandDeps } from '../../../jobs/job-context';
import { AuditLog } from '../../../src/adapters/redis/audit-log';
import { ChangeStore } from '../../../src/adapters/redis/change-store';
import type { ChangeJobName, ChangeJobs } from '../../../src/change-jobs';
import type { ReportThread } from '../../../src/domain/changes/change';
import { newJournal, type StepSpec } from '../../../src/domain/changes/journal';
import { BotError, ErrorCode } from '../../../src/errors';
import type { OutboundMessage } from '../../../src/job-data';
import { createLogger } from '../../../src/logger';
import { noMetrics } from '../../../src/metrics-ports';
import { type RedisServer, startRedisServer } from '../../support/redis-server';

/**
 * The engine's pause, driven job by job in the order a busy queue may run them. The driver keeps
 * BullMQ's rule that matters here: a job ID already used adds nothing.
 */
let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

interface Queued {
  name: ChangeJobName;
  data: Record<string, unknown>;
  jobId: string;
}

function engine(
  behaviour: Record<string, () => Promise<string>>,
  reporting: {
    thread?: ReportThread;
    outcome?: string;
    mirrors?: string[];
    parent?: { id: string; step: string };
    /** The worker dies as it sends the first message that matches, as a kill -9 leaves a job. */
    dieOn?: (m: OutboundMessage) => boolean;
  } = {},
) {
  const store = new ChangeStore(redis);
  const sent: OutboundMessage[] = [];
  const queue: Queued[] = [];
  /** Every job ever queued, run or not. */
  const started: Queued[] = [];
  const seen = new Set<string>();
  const features = new ChangeFeatures().register({
    planner: {
      kind: 'test-pause',
      parse: (raw) => raw,
      describe: () => {
        throw new Error('not planned here');
      },
    },
    executors: Object.fromEntries(Object.entries(behaviour).map(([action, run]) => [action, { run }])),
    ...(reporting.outcome ? { outcome: () => reporting.outcome as string } : {}),
  });
  const processors = changeProcessors(features);
  const deps = {
    outbox: {
      // The outbox is a queue too: a message whose job ID was used is not sent again.
      send: async (m: OutboundMessage, opts?: { jobId?: string }) => {
        if (reporting.dieOn?.(m)) {
          reporting.dieOn = undefined;
          throw new Error('the worker died');
        }
        if (opts?.jobId && seen.has(`outbox-${opts.jobId}`)) return;
        if (opts?.jobId) seen.add(`outbox-${opts.jobId}`);
        sent.push(m);
      },
      reserveVersion: async () => 0,
    },
    audit: new AuditLog(redis),
    clock: { now: () => Date.now() },
    log: createLogger({ level: 'silent' }),
    metrics: noMetrics,
    stores: { changes: store },
    background: {
      start: async (name: ChangeJobName, data: Record<string, unknown>, jobId: string) => {
        if (seen.has(jobId)) return;
        seen.add(jobId);
        queue.push({ name, data, jobId });
        started.push({ name, data, jobId });
      },
    },
  } as unknown as CommandDeps;
  const run = async (q: Queued) => {
    const job = { id: q.jobId, data: q.data, attemptsMade: 0, opts: {} } as unknown as Job;
    const processor = processors[q.name] as (j: Job, d: CommandDeps) => Promise<unknown>;
    await processor(job, deps).catch((err: Error) => {
      if (err.name !== 'ReportedFailure') throw err;
    });
  };
  /** Runs the first queued job that matches, as a worker picking it would. */
  const take = async (match: (q: Queued) => boolean) => {
    const i = queue.findIndex(match);
    if (i < 0) throw new Error(`no queued job matches; queued: ${queue.map((q) => q.jobId).join(', ')}`);
    const [q] = queue.splice(i, 1);
    await run(q as Queued);
  };
  const drain = async () => {
    for (let n = 0; queue.length > 0; n++) {
      if (n > 200) throw new Error('the engine did not settle');
      await run(queue.shift() as Queued);
    }
  };
  const start = async (specs: StepSpec[], maxParallel: number) => {
    const now = Date.now();
    const created = await store.create(
      `req-${now}-${Math.random()}`,
      {
        kind: 'test-pause',
        target: { cluster: 'demo', kind: 'pool', name: `p${now}${Math.random()}` },
        requester: 'U0OPERATOR',
        channel: 'C0OPS',
        title: 'Test change',
        summary: [],
        diff: [],
        plan: {},
        planHash: 'h',
        maxParallel,
        unit: 'nodes',
        canRollBack: false,
        ...(reporting.thread ? { reportThread: reporting.thread } : {}),
        ...(reporting.mirrors ? { mirrors: reporting.mirrors } : {}),
        ...(reporting.parent ? { parent: reporting.parent } : {}),
        createdAt: now,
        expiresAt: now + 3_600_000,
      },
      newJournal(specs),
    );
    if (created.outcome !== 'created') throw new Error('not created');
    await store.move(created.id, 'approve', now, 'U0APPROVER');
    await deps.background.start('change-advance', { id: created.id }, `start-${created.id}`);
    return created.id;
  };
  const act = (id: string, action: ChangeJobs['change-act']['action'], step: string) =>
    deps.background.start(
      'change-act',
      { id, action, step, user: 'U0APPROVER', isApprover: true },
      `act-${id}-${action}-${step}`,
    );
  const stepJob = (key: string) => (q: Queued) => q.name === 'change-step' && q.data.key === key;
  const threadTexts = () =>
    sent.flatMap((m) => (m.kind === 'post' && 'threadOfSlot' in m && m.threadOfSlot ? [m.text] : []));
  /** What the thread the change reports to heard. */
  const reported = () =>
    sent.flatMap((m) =>
      m.kind === 'post' && 'threadOfSlot' in m && m.threadOfSlot === reporting.thread?.slot ? [m.text] : [],
    );
  const channels = () => new Set(sent.flatMap((m) => (m.kind === 'post' ? [m.channel] : [])));
  /** The change's own message as sent to each channel, by slot, newest last. */
  const messages = () =>
    sent.flatMap((m) =>
      m.kind === 'post' && 'slot' in m && m.slot && !('threadOfSlot' in m && m.threadOfSlot)
        ? [{ channel: m.channel, slot: m.slot, text: m.text }]
        : [],
    );
  return {
    store,
    queue,
    started,
    take,
    drain,
    start,
    act,
    stepJob,
    threadTexts,
    reported,
    channels,
    run,
    messages,
  };
}

const step = (key: string, action: string, group: string): StepSpec => ({
  key,
  action,
  title: `${action} ${key}`,
  group,
  skippable: true,
  skipsGroup: true,
  input: {},
});

describe('a change paused while other nodes are under way', () => {
  it('sees a waiting step through the pause, and after Skip node the rest runs to done', async () => {
    let ready = false;
    const e = engine({
      fail: async () => {
        throw new BotError(ErrorCode.Conflict, 'disk is read-only');
      },
      wait: async () => {
        if (!ready) throw new StepWaiting('not Ready yet', 1000);
        return 'Ready';
      },
      ok: async () => 'done',
    });
    const id = await e.start(
      [step('a1', 'fail', 'a'), step('b1', 'wait', 'b'), step('b2', 'ok', 'b'), step('c1', 'ok', 'c')],
      2,
    );
    await e.take((q) => q.name === 'change-advance');
    await e.take(e.stepJob('b1')); // waiting: its next look is queued
    await e.take(e.stepJob('a1')); // fails: the change pauses
    expect((await e.store.get(id))?.state).toBe('paused');
    ready = true;
    await e.take(e.stepJob('b1')); // the look comes while paused
    const b1 = (await e.store.steps(id)).find((s) => s.key === 'b1');
    expect(b1?.state).toBe('done');
    await e.act(id, 'skip', 'a1');
    await e.drain();
    expect((await e.store.get(id))?.state).toBe('done');
    expect((await e.store.steps(id)).map((s) => [s.key, s.state])).toEqual([
      ['a1', 'skipped'],
      ['b1', 'done'],
      ['b2', 'done'],
      ['c1', 'done'],
    ]);
  });

  it('starts, after Retry, a step whose job came while the change was paused', async () => {
    let broken = true;
    const e = engine({
      flaky: async () => {
        if (broken) throw new BotError(ErrorCode.Conflict, 'containerd failed to restart');
        return 'upgraded';
      },
      ok: async () => 'done',
    });
    const id = await e.start([step('a1', 'flaky', 'a'), step('b1', 'ok', 'b'), step('b2', 'ok', 'b')], 2);
    await e.take((q) => q.name === 'change-advance');
    await e.take(e.stepJob('a1'));
    expect((await e.store.get(id))?.state).toBe('paused');
    await e.take(e.stepJob('b1')); // its job is picked after the pause: nothing runs
    expect((await e.store.steps(id)).find((s) => s.key === 'b1')?.state).toBe('pending');
    broken = false;
    await e.act(id, 'retry', 'a1');
    await e.drain();
    expect((await e.store.get(id))?.state).toBe('done');
    expect((await e.store.steps(id)).every((s) => s.state === 'done')).toBe(true);
  });

  it('a second failure during the pause reaches the thread, and the change stays paused on it after the first is skipped', async () => {
    let secondFails = true;
    const e = engine({
      fail: async () => {
        throw new BotError(ErrorCode.Conflict, 'disk is read-only');
      },
      late: async () => {
        if (secondFails) throw new BotError(ErrorCode.Conflict, 'kubelet did not start');
        return 'Ready';
      },
      ok: async () => 'done',
    });
    const id = await e.start([step('a1', 'fail', 'a'), step('b1', 'late', 'b'), step('c1', 'ok', 'c')], 2);
    await e.take((q) => q.name === 'change-advance');
    // b1 is marked running before a1 fails; its executor ends after the pause.
    const store = e.store;
    const b1 = (await store.steps(id)).find((s) => s.key === 'b1');
    await store.updateStep(id, 'pending', {
      ...(b1 as NonNullable<typeof b1>),
      state: 'running',
      attempts: 1,
    });
    await e.take(e.stepJob('a1'));
    await e.take(e.stepJob('b1'));
    expect(e.threadTexts().filter((t) => t.includes('kubelet did not start'))).toHaveLength(1);
    await e.act(id, 'skip', 'a1');
    await e.drain();
    expect((await store.get(id))?.state).toBe('paused');
    expect((await store.steps(id)).find((s) => s.key === 'c1')?.state).toBe('pending');
    // Said once, not again on the second pause.
    expect(e.threadTexts().filter((t) => t.includes('kubelet did not start'))).toHaveLength(1);
    secondFails = false;
    await e.act(id, 'retry', 'b1');
    await e.drain();
    expect((await store.get(id))?.state).toBe('done');
  });
});

describe('a change that reports to another thread (the alert whose diagnostics proposed it)', () => {
  const thread = { channel: 'C0ALERTS', slot: 'alert-1765116000.000100-C0ALERTS' };

  it('says there that a step failed and, after Retry, what the change did: each once, however often its jobs run again', async () => {
    let broken = true;
    const e = engine(
      {
        restart: async () => {
          if (broken) throw new BotError(ErrorCode.Conflict, '`systemctl restart kubelet` failed on h1.');
          return 'kubelet restarted';
        },
      },
      { thread, outcome: 'kubelet restarted on h1; node n1 Ready again' },
    );
    const id = await e.start([step('r1', 'restart', 'h1')], 1);
    await e.take((q) => q.name === 'change-advance');
    const failing = e.queue.find(e.stepJob('r1')) as Queued;
    await e.take(e.stepJob('r1'));
    // The step's job run again after a worker died: the pause is said again, and reaches the thread once.
    await e.run(failing);
    expect(e.reported()).toEqual([
      expect.stringContaining(
        '*Test change* stopped: *restart r1* failed: `systemctl restart kubelet` failed on h1.',
      ),
    ]);
    broken = false;
    await e.act(id, 'retry', 'r1');
    await e.drain();
    expect((await e.store.get(id))?.state).toBe('done');
    await e.run({ name: 'change-advance', data: { id }, jobId: `again-${id}` });
    expect(e.reported()).toHaveLength(2);
    expect(e.reported()[1]).toBe(
      `:white_check_mark: kubelet restarted on h1; node n1 Ready again (change ${id}).`,
    );
  });

  it('says there who aborted it; a change without a thread to report to posts only in its own', async () => {
    const e = engine(
      { fail: async () => Promise.reject(new BotError(ErrorCode.Conflict, 'no')) },
      { thread },
    );
    const id = await e.start([step('a1', 'fail', 'a')], 1);
    await e.drain();
    await e.act(id, 'abort', 'a1');
    await e.drain();
    expect(e.reported().at(-1)).toBe(
      `:octagonal_sign: *Test change* was aborted by <@U0APPROVER> (change ${id}): no further step runs.`,
    );

    const quiet = engine({ fail: async () => Promise.reject(new BotError(ErrorCode.Conflict, 'no')) });
    const other = await quiet.start([step('a1', 'fail', 'a')], 1);
    await quiet.drain();
    await quiet.act(other, 'abort', 'a1');
    await quiet.drain();
    expect(quiet.threadTexts().some((text) => text.includes('Aborted by'))).toBe(true);
    expect(quiet.channels()).toEqual(new Set(['C0OPS']));
  });
});

describe('a change shown in several channels, whose steps may leave their group for later', () => {
  it('keeps its message in step in every channel, and a group left for later is skipped, said once, the others going on', async () => {
    const e = engine(
      {
        offline: async () => {
          throw new StepLeavesGroup('2 hosts SSM cannot reach');
        },
        ok: async () => 'done',
      },
      { mirrors: ['C0WEST'] },
    );
    const id = await e.start([step('a1', 'offline', 'a'), step('a2', 'ok', 'a'), step('b1', 'ok', 'b')], 2);
    await e.drain();
    expect((await e.store.get(id))?.state).toBe('done');
    expect((await e.store.steps(id)).map((s) => [s.key, s.state, s.output])).toEqual([
      ['a1', 'skipped', 'left for later: 2 hosts SSM cannot reach'],
      ['a2', 'skipped', 'left for later: 2 hosts SSM cannot reach'],
      ['b1', 'done', 'done'],
    ]);
    expect(e.threadTexts().filter((t) => t.includes('a is left for later'))).toHaveLength(1);
    const last = (channel: string) =>
      e
        .messages()
        .filter((m) => m.channel === channel)
        .at(-1);
    expect(last('C0OPS')?.text).toContain(': done');
    expect(last('C0WEST')?.text).toBe(last('C0OPS')?.text);
    expect(last('C0WEST')?.slot).not.toBe(last('C0OPS')?.slot);
  });
});

describe('a change whose worker dies as it ends', () => {
  it('says Done once and tells the change that started it when its last job runs again', async () => {
    const e = engine(
      { ok: async () => 'done' },
      {
        parent: { id: '9000', step: 'demo/tills.done' },
        dieOn: (m) => m.kind === 'post' && 'text' in m && String(m.text).includes('Done: Test change'),
      },
    );
    const id = await e.start([step('a1', 'ok', 'a')], 1);
    await e.take((q) => q.name === 'change-advance');
    const last = e.queue.find(e.stepJob('a1')) as Queued;
    // The worker dies between the change's move to done and saying so.
    await expect(e.take(e.stepJob('a1'))).rejects.toThrow('the worker died');
    expect((await e.store.get(id))?.state).toBe('done');
    await e.run(last);
    await e.drain();
    // And once more, as a late redelivery would: nothing new is said.
    await e.run({ ...last, jobId: `${last.jobId}-again` });
    await e.drain();
    expect(e.threadTexts().filter((t) => t.includes('Done: Test change'))).toHaveLength(1);
    expect((await e.store.events(id)).filter((ev) => ev.text.includes('Done: Test change'))).toHaveLength(1);
    // The parent's waiting step looks now, not at its next poll.
    expect(
      e.started.filter(
        (q) => q.name === 'change-step' && q.data.id === '9000' && q.data.key === 'demo/tills.done',
      ),
    ).toHaveLength(1);
  });
});
