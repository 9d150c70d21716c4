import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { AuditLog } from '../../src/adapters/redis/audit-log';
import { ChangeStore } from '../../src/adapters/redis/change-store';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { newJournal } from '../../src/domain/changes/journal';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

let t: TestBot;
let background: Queue;
beforeAll(async () => {
  t = await startTestBot();
  background = new Queue(QUEUE_NAMES.background, { connection: t.inspect, prefix: KEY_PREFIX });
});
afterAll(async () => {
  await background.close();
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const auditOf = async (jobName: string) =>
  (await new AuditLog(t.inspect).list({ limit: 1000 })).filter((e) => e.command === jobName);

describe('background jobs that fail', () => {
  it('a job no processor knows reaches the person it was for once, by their response_url, and is audited', async () => {
    const responseUrl = t.slack.responseUrl();
    await background.add(
      'no-such-job',
      { responseUrl, user: 'U0OPERATOR' },
      { jobId: 'orphan-1', attempts: 5 },
    );
    const told = await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('no-such-job'));
    expect(text(told)).toContain('has no processor for no-such-job jobs');
    const entries = await until('the failure audited', async () => {
      const found = await auditOf('no-such-job');
      return found.length > 0 ? found : undefined;
    });
    expect(entries).toEqual([expect.objectContaining({ outcome: 'failed', user: 'U0OPERATOR' })]);
    // Failed at once, not retried five times.
    expect((await background.getJob('orphan-1'))?.attemptsMade).toBe(1);
    expect(t.slack.calls().filter((c) => text(c).includes('no-such-job'))).toHaveLength(1);
  });

  it('without a response_url, the person hears it in a direct message', async () => {
    await background.add('another-unknown-job', { requester: 'U0APPROVER' }, { jobId: 'orphan-2' });
    const dm = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('another-unknown-job'),
    );
    expect(dm.args.channel).toBe('U0APPROVER');
  });
});

describe('a change of a kind this version of the bot does not know', () => {
  it('is said once in its thread, runs nothing, and can still be aborted', async () => {
    const store = new ChangeStore(t.inspect);
    const now = Date.now();
    const created = await store.create(
      'req-unknown-kind',
      {
        kind: 'pool-teleport',
        target: { cluster: 'demo', kind: 'pool', name: 'edge-z' },
        requester: 'U0OPERATOR',
        channel: 'C0DEMO',
        title: 'Teleport pool edge-z',
        summary: ['one step'],
        diff: [],
        plan: {},
        planHash: 'h',
        maxParallel: 1,
        unit: 'nodes',
        canRollBack: false,
        createdAt: now,
        expiresAt: now + 3_600_000,
      },
      newJournal([
        { key: 'n1', action: 'teleport', title: 'Teleport n1', group: 'n1', skippable: false, input: {} },
      ]),
    );
    if (created.outcome !== 'created') throw new Error(`not created: ${JSON.stringify(created)}`);
    const id = created.id;
    await store.move(id, 'approve', now, 'U0APPROVER');
    for (const attempt of [1, 2]) {
      await background.add('change-advance', { id }, { jobId: `unknown-kind-${attempt}` });
    }
    const note = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('does not know (`pool-teleport`)'),
    );
    expect(note.args.channel).toBe('C0DEMO');
    expect(note.args.thread_ts).toBeDefined();
    await background.add(
      'change-act',
      { id, action: 'abort', user: 'U0APPROVER', isApprover: true },
      { jobId: 'unknown-kind-abort' },
    );
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && text(c).includes('Aborted by <@U0APPROVER>'),
    );
    expect((await store.get(id))?.state).toBe('aborted');
    expect((await store.steps(id))[0]?.state).toBe('pending');
    expect(t.slack.calls().filter((c) => text(c).includes('does not know (`pool-teleport`)'))).toHaveLength(
      1,
    );
  });
});
