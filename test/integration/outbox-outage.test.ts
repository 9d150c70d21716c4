import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createQueues, type Queues } from '../../src/adapters/queue/queues';
import { PRODUCTION_OUTBOX_POLICY, scaledPolicy } from '../../src/domain/outbox-retry-policy';
import type { OutboundMessage, OutboxJobData } from '../../src/job-data';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

/**
 * Slack outages at 1/16 of real time: the production retry policy compressed sixteenfold, and the
 * outages with it (40 s → 2.5 s, 5 min → 18.75 s). bench/outage.ts runs the same in real time.
 */
const SCALE = 1 / 16;
const policy = scaledPolicy(PRODUCTION_OUTBOX_POLICY, SCALE);

let t: TestBot;
let connection: Redis;
let queues: Queues;
let outbox: Queue<OutboxJobData>;
beforeAll(async () => {
  t = await startTestBot({ outboxPolicy: policy });
  // The bot's own queue definitions, so jobs carry the options the bot gives them.
  connection = new Redis(t.redis.url, { maxRetriesPerRequest: null });
  queues = createQueues(connection);
  outbox = queues.outbox;
});
afterAll(async () => {
  await queues.close();
  connection.disconnect();
  await t.stop();
});
beforeEach(() => {
  t.slack.clear();
  t.slack.setFault(undefined);
});

/** How often each text reached Slack with a 200. */
function deliveries(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const c of t.slack.calls()) {
    const text = String(c.args.text ?? '');
    if (c.status === 200 && text) seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  return seen;
}

const drained = async () =>
  Object.values(await outbox.getJobCounts('waiting', 'delayed', 'active', 'prioritized')).every(
    (n) => n === 0,
  );

async function sendThroughOutage(label: string, outageSeconds: number): Promise<void> {
  t.slack.setFault({ errorRate: 1 });
  const texts: string[] = [];
  for (let i = 0; i < 12; i++) {
    const text = `${label} message ${i}`;
    const m: OutboundMessage =
      i % 3 === 2
        ? { kind: 'respond', responseUrl: t.slack.responseUrl(), text }
        : { kind: 'post', channel: `C0OUT${i % 4}`, text };
    await outbox.add(m.kind, m);
    texts.push(text);
  }
  await until(
    'Slack to refuse all 12 messages',
    () => t.slack.calls().filter((c) => c.status === 500).length >= 12,
  );
  // The outage: Slack answers 500 to everything until it is over.
  await new Promise((r) => setTimeout(r, outageSeconds * 1000 * SCALE));
  expect([...deliveries().keys()].filter((k) => k.startsWith(label))).toEqual([]);
  t.slack.setFault(undefined);
  await until('every message delivered', () => texts.every((x) => deliveries().has(x)), 30_000);
  await until('the outbox drained', drained);
  for (const x of texts) expect(deliveries().get(x)).toBe(1);
  // One warning per message when it starts waiting, not one per retry.
  const warnings = t.logLines.filter((l) => l.includes('"level":40') && l.includes('outbox send failed'));
  expect(warnings.length).toBeGreaterThan(0);
  expect(warnings.length).toBeLessThanOrEqual(12);
}

describe('the outbox through a Slack outage', () => {
  it('delivers every message once across a 40 s outage', async () => {
    t.logLines.length = 0;
    await sendThroughOutage('forty', 40);
  }, 60_000);

  it('delivers every message once across a 5 minute outage', async () => {
    t.logLines.length = 0;
    await sendThroughOutage('five-minute', 300);
    const retries = t.slack.calls().filter((c) => c.status === 500).length;
    // Backoff: each message tried about a dozen times over the outage, not hundreds.
    expect(retries).toBeLessThan(12 * 20);
  }, 90_000);

  it('after a 429, holds the method back for every worker and resumes spread out, logging it once', async () => {
    t.logLines.length = 0;
    t.slack.setFault({ throttleRate: 1, retryAfterSeconds: 1 });
    const texts = Array.from({ length: 16 }, (_, i) => `limited message ${i}`);
    for (const [i, text] of texts.entries()) {
      await outbox.add('post', { kind: 'post', channel: `C0LIM${i}`, text });
    }
    await until('a throttled call', () => t.slack.calls().some((c) => c.status === 429));
    const limitedAt = t.slack.calls().find((c) => c.status === 429)?.at ?? 0;
    t.slack.setFault(undefined);
    await until('every message delivered', () => texts.every((x) => deliveries().has(x)), 20_000);
    const times = t.slack
      .calls()
      .filter((c) => c.status === 200 && texts.includes(String(c.args.text)))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(16);
    expect((times[0] ?? 0) - limitedAt).toBeGreaterThanOrEqual(950);
    // Spread over the window (313 ms here), not one burst when the hold ends.
    expect((times[15] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(120);
    const limitLines = t.logLines.filter((l) => l.includes('Slack rate limit (429)'));
    expect(limitLines).toHaveLength(1);
    expect(limitLines[0]).toContain('chat.postMessage');
  }, 40_000);
});
