import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { MessageSlots } from '../src/adapters/redis/message-slots';
import type { SlackRateLimits } from '../src/adapters/redis/slack-rate-limits';
import { SlackRateLimited, type SlackSender } from '../src/adapters/slack/slack-sender';
import { asBotError } from '../src/errors';
import type { OutboundMessage } from '../src/job-data';
import type { Logger } from '../src/logger';

export interface OutboxDeps {
  sender: SlackSender;
  slots: MessageSlots;
  limits: SlackRateLimits;
  log: Logger;
}

/** Sends one outbound message to Slack, within Slack's rate limits, updating slot messages in place. */
export function outboxProcessor(deps: OutboxDeps, worker: () => Worker | undefined) {
  return async (job: Job<OutboundMessage>, token?: string): Promise<{ ts?: string }> => {
    const later = async (ms: number): Promise<never> => {
      await job.moveToDelayed(Date.now() + ms, token);
      throw new DelayedError();
    };
    try {
      return await send(job.data, deps, later);
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof SlackRateLimited) {
        // Slack's 429 applies to the whole method: pause this worker for Retry-After, then retry the job.
        await worker()?.rateLimit(err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      const e = asBotError(err);
      deps.log.warn({ jobId: job.id, code: e.code, err: e.message }, 'outbox send failed');
      if (!e.retryable) throw new UnrecoverableError(e.message);
      throw e;
    }
  };
}

async function send(
  m: OutboundMessage,
  deps: OutboxDeps,
  later: (ms: number) => Promise<never>,
): Promise<{ ts?: string }> {
  if (m.kind === 'respond') {
    await deps.sender.respond(m.responseUrl, {
      text: m.text,
      blocks: m.blocks,
      response_type: m.responseType ?? 'ephemeral',
      replace_original: m.replaceOriginal ?? false,
    });
    return {};
  }
  if (m.kind === 'file') {
    await deps.sender.sendFileToUser(m.user, m);
    return {};
  }
  if (m.kind === 'home') {
    await deps.sender.publishHome(m.user, m.view);
    return {};
  }
  let threadTs: string | undefined;
  if (m.threadOfSlot) {
    const parent = await deps.slots.get(m.threadOfSlot);
    // The parent is still in the queue: wait for it rather than post outside the thread.
    if (!parent) return later(1000);
    threadTs = parent.ts;
  }
  if (!m.slot) return post(m, threadTs, deps, later);

  const unlock = await deps.slots.lock(m.slot);
  if (!unlock) return later(250);
  try {
    const existing = await deps.slots.get(m.slot);
    // A newer version of this message already went out (this one was delayed behind it): sending
    // it now would turn the message back to an older state.
    if (existing && m.seq !== undefined && existing.seq !== undefined && m.seq < existing.seq) {
      return { ts: existing.ts };
    }
    if (existing) {
      const wait = await deps.limits.waitForUpdate();
      if (wait > 0) return await later(wait);
      await deps.sender.updateMessage({
        channel: existing.channel,
        ts: existing.ts,
        text: m.text,
        blocks: m.blocks,
      });
      await deps.slots.set(m.slot, { ...existing, seq: m.seq });
      return { ts: existing.ts };
    }
    const posted = await post(m, threadTs, deps, later);
    if (posted.ts) await deps.slots.set(m.slot, { channel: m.channel, ts: posted.ts, seq: m.seq });
    return posted;
  } finally {
    await unlock();
  }
}

async function post(
  m: Extract<OutboundMessage, { kind: 'post' }>,
  threadTs: string | undefined,
  deps: OutboxDeps,
  later: (ms: number) => Promise<never>,
): Promise<{ ts: string }> {
  const wait = await deps.limits.waitForPost(m.channel);
  if (wait > 0) return later(wait);
  return deps.sender.postMessage({ channel: m.channel, text: m.text, blocks: m.blocks, threadTs });
}
