import { Redis } from 'ioredis';
import { createQueues } from '../src/adapters/queue/queues';
import type { OutboundMessage } from '../src/job-data';
import { startTestBot } from '../test/support/test-bot';

/**
 * bench:outage: the fake Slack answers 500 to everything for BENCH_OUTAGE_SECONDS (40) while
 * BENCH_MESSAGES (60) messages go into the outbox, spread over the outage (channel posts to six
 * channels and replies through response_urls); then Slack recovers. Prints how many were delivered,
 * lost and delivered twice. Real time by default; BENCH_TIME_SCALE=0.01 compresses both the outage and
 * the outbox's retry policy a hundredfold (a 5-minute outage in 3 s).
 */
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 40);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 60);
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 1);

function outboxPolicy(): unknown {
  if (SCALE === 1) return undefined;
  // Loaded only when compressing, so the script also runs against code without a retry policy.
  const p =
    require('../src/domain/outbox-retry-policy') as typeof import('../src/domain/outbox-retry-policy');
  return p.scaledPolicy(p.PRODUCTION_OUTBOX_POLICY, SCALE);
}

async function main(): Promise<void> {
  const t = await startTestBot({ outboxPolicy: outboxPolicy() as never });
  const connection = new Redis(t.redis.url, { maxRetriesPerRequest: null });
  const queues = createQueues(connection);
  const outageMs = OUTAGE_SECONDS * 1000 * SCALE;
  try {
    const sent: string[] = [];
    t.slack.setFault({ errorRate: 1 });
    const started = Date.now();
    // A third of the messages when Slack goes down, the rest spread over the first 90% of the outage.
    for (let i = 0; i < MESSAGES; i++) {
      const at = i < MESSAGES / 3 ? 0 : ((i - MESSAGES / 3) / (MESSAGES - MESSAGES / 3)) * outageMs * 0.9;
      const wait = started + at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const text = `bench message ${i}`;
      const m: OutboundMessage =
        i % 3 === 2
          ? { kind: 'respond', responseUrl: t.slack.responseUrl(), text }
          : { kind: 'post', channel: `C0BENCH${i % 6}`, text };
      await queues.outbox.add(m.kind, m);
      sent.push(text);
    }
    const rest = started + outageMs - Date.now();
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    t.slack.setFault(undefined);
    const recovered = Date.now();
    // Wait until the outbox holds nothing more to send (delivered or given up), or 3 minutes (scaled).
    const deadline = recovered + Math.max(10_000, 180_000 * SCALE) + outageMs;
    for (;;) {
      const c = await queues.outbox.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      if (Object.values(c).every((n) => n === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drained = Date.now();
    const seen = new Map<string, number>();
    for (const c of t.slack.calls()) {
      const text = String(c.args.text ?? '');
      if (c.status === 200 && text.startsWith('bench message')) seen.set(text, (seen.get(text) ?? 0) + 1);
    }
    const delivered = sent.filter((s) => seen.has(s)).length;
    const failedCalls = t.slack.calls().filter((c) => c.status === 500).length;
    console.log(
      JSON.stringify({
        outage_seconds: OUTAGE_SECONDS,
        time_scale: SCALE,
        sent: sent.length,
        delivered,
        lost: sent.length - delivered,
        duplicates: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
        failed_calls_during_outage: failedCalls,
        seconds_to_drain_after_recovery: Number(((drained - recovered) / 1000).toFixed(1)),
      }),
    );
  } finally {
    await queues.close();
    connection.disconnect();
    await t.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
