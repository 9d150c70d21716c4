import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { MessageSlots } from '../../src/adapters/redis/message-slots';
import type { OutboundMessage } from '../../src/job-data';
import { jobsDrained } from '../support/barriers';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

let t: TestBot;
let outbox: Queue<OutboundMessage>;
beforeAll(async () => {
  t = await startTestBot();
  outbox = new Queue<OutboundMessage>(QUEUE_NAMES.outbox, { connection: t.inspect, prefix: KEY_PREFIX });
});
afterAll(async () => {
  await outbox.close();
  await t.stop();
});
beforeEach(() => {
  t.slack.clear();
  t.slack.setFault(undefined);
});

const posts = (channel: string) =>
  t.slack
    .calls()
    .filter((c) => c.status === 200 && c.method === 'chat.postMessage' && c.args.channel === channel);

describe('the outbox', () => {
  it('waits out a 429 for its Retry-After and then delivers the message once', async () => {
    t.slack.setFault({ throttleRate: 1, retryAfterSeconds: 1 });
    await outbox.add('post', { kind: 'post', channel: 'C0RATE', text: 'after the limit' });
    await until('a throttled post', () =>
      t.slack.calls().some((c) => c.status === 429 && c.method === 'chat.postMessage'),
    );
    t.slack.setFault(undefined);
    await until('the post to C0RATE', () => posts('C0RATE').length === 1);
    const throttledAt =
      t.slack.calls().find((c) => c.status === 429 && c.method === 'chat.postMessage')?.at ?? 0;
    expect((posts('C0RATE')[0]?.at ?? 0) - throttledAt).toBeGreaterThanOrEqual(900);
    await jobsDrained(t.inspect);
    expect(posts('C0RATE')).toHaveLength(1);
  });

  it('posts to one channel at most about once a second', async () => {
    for (const n of [1, 2, 3])
      await outbox.add('post', { kind: 'post', channel: 'C0PACE', text: `message ${n}` });
    await until('three posts to C0PACE', () => posts('C0PACE').length === 3, 15_000);
    const times = posts('C0PACE').map((c) => c.at);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1800);
  });

  it('does not hold one channel back behind another', async () => {
    await outbox.add('post', { kind: 'post', channel: 'C0AAA', text: 'a' });
    await outbox.add('post', { kind: 'post', channel: 'C0BBB', text: 'b' });
    await until(
      'a post in each of C0AAA and C0BBB',
      () => posts('C0AAA').length === 1 && posts('C0BBB').length === 1,
    );
    expect(Math.abs((posts('C0AAA')[0]?.at ?? 0) - (posts('C0BBB')[0]?.at ?? 0))).toBeLessThan(900);
  });

  it('posts a slot message once, then updates it in place and threads replies under it', async () => {
    await outbox.add('post', { kind: 'post', channel: 'C0SLOT', text: 'progress 0/2', slot: 'progress-1' });
    await outbox.add('post', { kind: 'post', channel: 'C0SLOT', text: 'progress 2/2', slot: 'progress-1' });
    await outbox.add('post', { kind: 'post', channel: 'C0SLOT', text: 'detail', threadOfSlot: 'progress-1' });
    await until('the progress message updated', () =>
      t.slack.calls().some((c) => c.method === 'chat.update'),
    );
    await until('the progress message and its thread reply', () => posts('C0SLOT').length === 2);
    const [first, reply] = posts('C0SLOT');
    const update = t.slack.calls().find((c) => c.method === 'chat.update');
    expect(first?.args.text).toBe('progress 0/2');
    expect(update?.args).toMatchObject({ text: 'progress 2/2', channel: 'C0SLOT' });
    expect(update?.args.ts).toBe((await new MessageSlots(t.inspect).get('progress-1'))?.ts);
    expect(reply?.args).toMatchObject({ text: 'detail', thread_ts: update?.args.ts });
  });

  it('never turns a slot message back to an older version that was delayed behind a newer one', async () => {
    await outbox.add('post', {
      kind: 'post',
      channel: 'C0ORDER',
      text: 'version 1',
      slot: 'order-1',
      seq: 1,
    });
    await until('the first version posted', () => posts('C0ORDER').length === 1);
    await outbox.add('post', {
      kind: 'post',
      channel: 'C0ORDER',
      text: 'version 3',
      slot: 'order-1',
      seq: 3,
    });
    await until('version 3 posted', () =>
      t.slack.calls().some((c) => c.method === 'chat.update' && c.args.text === 'version 3'),
    );
    const late = await outbox.add('post', {
      kind: 'post',
      channel: 'C0ORDER',
      text: 'version 2',
      slot: 'order-1',
      seq: 2,
    });
    await until("the late version's job to complete", async () => (await late.getState()) === 'completed');
    expect(t.slack.calls().filter((c) => c.args.text === 'version 2')).toHaveLength(0);
  });

  it('skips a slot update a newer queued version supersedes, so a burst costs one chat.update', async () => {
    const msg = (seq: number) => ({
      kind: 'post' as const,
      channel: 'C0BURST',
      text: `v${seq}`,
      slot: 'burst-1',
      seq,
    });
    const slots = new MessageSlots(t.inspect);
    expect(await slots.nextVersion('burst-1')).toBe(1);
    await outbox.add('post', msg(1));
    await until('the first post to C0BURST', () => posts('C0BURST').length === 1);
    // Versions 2…10 handed out at once, as a change moving fast hands them out.
    for (let n = 2; n <= 10; n++) await slots.nextVersion('burst-1');
    const jobs = await Promise.all([2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => outbox.add('post', msg(n))));
    await until("every version's job to complete", async () =>
      (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === 'completed'),
    );
    const updates = t.slack.calls().filter((c) => c.method === 'chat.update' && c.args.channel === 'C0BURST');
    expect(updates.map((c) => c.args.text)).toEqual(['v10']);
  });

  it("shares a file in the requester's direct messages only", async () => {
    await outbox.add('file', {
      kind: 'file',
      user: 'U0OPERATOR',
      filename: 'bootstraps.csv',
      title: 'Bootstraps',
      content: 'name,activationId\nedge-1,abc',
      comment: 'only for you',
    });
    const done = await t.waitForCall((c) => c.method === 'files.completeUploadExternal');
    const open = t.slack.calls().find((c) => c.method === 'conversations.open');
    const upload = t.slack.calls().find((c) => c.kind === 'upload');
    expect(open?.args.users).toBe('U0OPERATOR');
    expect(done.args.channel_id).toBe('D0U0OPERATOR');
    expect(String(upload?.args.content)).toContain('edge-1,abc');
    expect(t.slack.calls().filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });

  it('gives up at once when Slack refuses the message itself', async () => {
    const job = await outbox.add('post', { kind: 'post', channel: '', text: 'nowhere' });
    await until('the job to fail', async () => (await job.getState()) === 'failed');
    const failed = await outbox.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain('channel_not_found');
  });
});
