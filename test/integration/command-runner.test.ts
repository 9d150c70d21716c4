import type { Job } from 'bullmq';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { commandRunner } from '../../jobs/command-runner';
import type { CommandDeps, CommandProcessors } from '../../jobs/job-context';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { AuditLog } from '../../src/adapters/redis/audit-log';
import { ClusterRegistry } from '../../src/adapters/redis/cluster-registry';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import type { Stores } from '../../src/adapters/redis/stores';
import { BotError, ErrorCode } from '../../src/errors';
import type { OutboundMessage, RequestContext } from '../../src/job-data';
import { createLogger } from '../../src/logger';
import { noMetrics } from '../../src/metrics-ports';
import { replyTo, systemClock } from '../../src/ports';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

// A queue of its own with processors that fail on purpose; replies go through the bot's real outbox.
let t: TestBot;
// Commands of this test's own, which no spec declares: the runner meets them as it meets any name from Redis.
type TestJob = { request: RequestContext; command: string; positionals: object; options: object };
let queue: Queue<TestJob>;
let worker: Worker;
let outbox: Queue<OutboundMessage>;
let workerConnection: Redis;
const attempts: Record<string, number> = {};

const processors: Record<string, (job: Job<TestJob>, deps: CommandDeps) => Promise<unknown>> = {
  flaky: async (job, deps) => {
    attempts.flaky = (attempts.flaky ?? 0) + 1;
    if (attempts.flaky < 3) throw new BotError(ErrorCode.Throttled, 'AWS is throttling; trying again.');
    await deps.outbox.send(replyTo(job.data.request, { text: 'flaky worked', blocks: [] }));
  },
  broken: async () => {
    attempts.broken = (attempts.broken ?? 0) + 1;
    throw new BotError(
      ErrorCode.NotFound,
      'Cluster `nope` is not in the configuration. Check `/hybrid status` for the list.',
    );
  },
};

beforeAll(async () => {
  t = await startTestBot();
  outbox = new Queue(QUEUE_NAMES.outbox, { connection: t.inspect, prefix: KEY_PREFIX });
  queue = new Queue('runner-test', { connection: t.inspect, prefix: KEY_PREFIX });
  workerConnection = t.inspect.duplicate({ maxRetriesPerRequest: null });
  worker = new Worker(
    'runner-test',
    // The processors under test use only these parts of the job dependencies.
    commandRunner(
      processors as unknown as CommandProcessors,
      {
        outbox: { send: async (m: OutboundMessage) => void (await outbox.add(m.kind, m)) },
        audit: new AuditLog(t.inspect),
        clock: systemClock,
        log: createLogger({ level: 'silent' }),
        metrics: noMetrics,
        stores: { clusters: new ClusterRegistry(t.inspect, []) } as Partial<Stores> as Stores,
      } as Partial<CommandDeps> as CommandDeps,
    ),
    { connection: workerConnection, prefix: KEY_PREFIX, settings: { backoffStrategy: () => 50 } },
  );
});
afterAll(async () => {
  await worker.close();
  workerConnection.disconnect();
  await queue.close();
  await outbox.close();
  await t.stop();
});

function request(id: string) {
  return {
    requestId: id,
    user: 'U0OPERATOR',
    channel: 'C0OPS',
    responseUrl: t.slack.responseUrl(),
    receivedAt: Date.now(),
  };
}

describe('command jobs', () => {
  it('retry transient failures and the user sees only the result', async () => {
    await queue.add(
      'flaky',
      { request: request('r1'), command: 'flaky', positionals: {}, options: {} },
      { attempts: 5, backoff: { type: 'custom' } },
    );
    await t.waitForCall((c) => c.kind === 'response_url' && c.args.text === 'flaky worked');
    expect(attempts.flaky).toBe(3);
    expect(t.slack.calls().filter((c) => String(c.args.text).includes('failed'))).toHaveLength(0);
  });

  it('fail at once on a permanent error with one clear message to the requester', async () => {
    const job = await queue.add(
      'broken',
      { request: request('r2'), command: 'broken', positionals: {}, options: {} },
      { attempts: 5 },
    );
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && String(c.args.text).includes('failed'),
    );
    expect(reply.args.text).toBe(
      ':x: `/hybrid broken` failed: Cluster `nope` is not in the configuration. Check `/hybrid status` for the list.',
    );
    expect(reply.args.response_type).toBe('ephemeral');
    // Failed for good, not waiting to retry: it ran once.
    await until('the job to fail', async () => (await job.getState()) === 'failed');
    expect(attempts.broken).toBe(1);
    const [latest] = await new AuditLog(t.inspect).list({ limit: 1 });
    expect(latest).toMatchObject({ command: 'broken', outcome: 'failed' });
  });
});
