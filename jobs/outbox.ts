import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { MessageSlots } from '../src/adapters/redis/message-slots';
import type { SlackRateLimits } from '../src/adapters/redis/slack-rate-limits';
import type { SecretBox } from '../src/adapters/secret-box';
import { SlackRateLimited, type SlackSender } from '../src/adapters/slack/slack-sender';
import {
  deliverByMs,
  type OutboxRetryPolicy,
  rateLimitJitterMs,
  retryDelayMs,
} from '../src/domain/outbox-retry-policy';
import { asBotError } from '../src/errors';
import { isSealed, type OutboundMessage, type OutboxJobData, type SecretCarried } from '../src/job-data';
import type { Logger } from '../src/logger';

export interface OutboxDeps {
  sender: SlackSender;
  slots: MessageSlots;
  limits: SlackRateLimits;
  log: Logger;
  /** Opens secret messages, which wait in Redis sealed. */
  box: SecretBox;
  policy: OutboxRetryPolicy;
  /** A secret that can never be delivered: delete what it carries and tell the requester to register again. */
  withdraw(carried: SecretCarried, jobId: string): Promise<void>;
  /** Queues another message (sealed if secret): a bootstrap whose reply link expired goes by direct message. */
  resend(message: OutboundMessage, jobId: string): Promise<void>;
  random?: () => number;
}

/**
 * Sends one outbound message to Slack, within Slack's rate limits, updating slot messages in place.
 * While Slack fails it tries again, with growing jittered delays, for as long as the message is useful.
 */
export function outboxProcessor(deps: OutboxDeps) {
  const random = deps.random ?? Math.random;
  return async (job: Job<OutboxJobData>, token?: string): Promise<{ ts?: string }> => {
    const data = job.data;
    const deliverBy = deliverByMs(deps.policy, {
      kind: data.kind,
      enqueuedAt: job.timestamp,
      usableUntil: data.carries?.usableUntil,
    });
    let m: OutboundMessage | undefined;
    const giveUp = async (reason: string): Promise<never> => {
      // A secret reply whose link expired still has a route while its credential lives: a direct message.
      if (m?.kind === 'respond' && m.secret && data.carries && !data.withdrawing) {
        const { text, blocks } = m;
        const dm: OutboundMessage = { kind: 'post', channel: data.carries.requester, text, secret: true };
        await deps.resend({ ...dm, ...(blocks ? { blocks } : {}), carries: data.carries }, `dm-${job.id}`);
        deps.log.warn({ jobId: job.id, reason }, 'reply link no longer usable: sending it by direct message');
        throw new UnrecoverableError(`${reason}; sent by direct message instead`);
      }
      return abandon(deps, job, token, reason, random);
    };
    // Waits out a limit, but never past the point where the message stops being useful: one last try then.
    const later = async (ms: number): Promise<never> => {
      if (Date.now() >= deliverBy) return giveUp('it was still held back when it stopped being useful');
      await job.moveToDelayed(Math.min(Date.now() + ms, deliverBy), token);
      throw new DelayedError();
    };

    if (data.withdrawing) return giveUp('withdrawing the activations it carried');
    try {
      m = isSealed(data) ? (JSON.parse(deps.box.open(data.sealed)) as OutboundMessage) : data;
    } catch {
      return giveUp(
        'it could not be unsealed: HYBRID_BOT_SECRET_KEY (or the signing secret it is derived from) changed while it waited',
      );
    }
    try {
      const message = m;
      const held = await deps.limits.heldBackFor(methodsOf(message));
      if (held > 0) return await later(held + rateLimitJitterMs(deps.policy, random));
      return await send(message, deps, later);
    } catch (err) {
      if (err instanceof DelayedError || err instanceof UnrecoverableError) throw err;
      if (Date.now() >= deliverBy) return giveUp(`Slack did not take it in time (${describe(err)})`);
      if (err instanceof SlackRateLimited) {
        // Every worker holds the method back; the messages resume spread over a window, not in one burst.
        if (await deps.limits.holdBack(err.method, err.retryAfterMs, deps.policy.rateLimitLogWindowMs)) {
          deps.log.warn(
            { method: err.method, retryAfterMs: err.retryAfterMs },
            'Slack rate limit (429): holding this method back',
          );
        }
        return later(err.retryAfterMs + rateLimitJitterMs(deps.policy, random));
      }
      const e = asBotError(err);
      if (!e.retryable) return giveUp(e.message);
      const failures = (data.failures ?? 0) + 1;
      const wait = retryDelayMs(deps.policy, failures, random);
      // One line when a message starts waiting for Slack; the retries after it stay at debug level.
      deps.log[failures === 1 ? 'warn' : 'debug'](
        { jobId: job.id, kind: data.kind, code: e.code, err: e.message, failures, retryInMs: wait },
        'outbox send failed; trying again',
      );
      await job.updateData({ ...data, failures });
      return later(wait);
    }
  };
}

/** The message will never reach Slack: say so, withdraw any activation it carries, and fail the job. */
async function abandon(
  deps: OutboxDeps,
  job: Job<OutboxJobData>,
  token: string | undefined,
  reason: string,
  random: () => number,
): Promise<never> {
  const carried = job.data.carries;
  const to = isSealed(job.data) ? carried?.requester : target(job.data);
  deps.log.error(
    { jobId: job.id, kind: job.data.kind, to, failures: job.data.failures ?? 0, reason },
    'Slack message not delivered: gave up',
  );
  if (carried && carried.activations.length > 0) {
    try {
      await deps.withdraw(carried, String(job.id));
    } catch (err) {
      // AWS or Redis failing too: keep trying while the activations could still register a host.
      if (carried.usableUntil === undefined || Date.now() >= carried.usableUntil) throw err;
      const failures = (job.data.failures ?? 0) + 1;
      deps.log.warn(
        { jobId: job.id, err: asBotError(err).message },
        'could not withdraw the activations of an undelivered bootstrap; trying again',
      );
      await job.updateData({ ...job.data, failures, withdrawing: true });
      await job.moveToDelayed(Date.now() + retryDelayMs(deps.policy, failures, random), token);
      throw new DelayedError();
    }
  }
  throw new UnrecoverableError(reason);
}

function target(m: OutboundMessage): string | undefined {
  if (m.kind === 'post' || m.kind === 'thread-file') return m.channel;
  if (m.kind === 'file' || m.kind === 'home') return m.user;
  return 'response_url';
}

function describe(err: unknown): string {
  return err instanceof SlackRateLimited ? err.message : asBotError(err).message;
}

/** The Slack methods a message may call, so a 429 on one holds back every message that would call it. */
function methodsOf(m: OutboundMessage): string[] {
  if (m.kind === 'respond') return ['response_url'];
  if (m.kind === 'file' || m.kind === 'thread-file') return ['files.uploadV2'];
  if (m.kind === 'home') return ['views.publish'];
  return m.slot ? ['chat.postMessage', 'chat.update'] : ['chat.postMessage'];
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
  if (m.kind === 'thread-file') {
    const parent = await deps.slots.get(m.threadOfSlot);
    // The parent is still in the queue: wait for it rather than share the file outside the thread.
    if (!parent) return later(1000);
    await deps.sender.shareFileInThread(parent.channel, parent.ts, m);
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
    // A newer version waits in the queue: it will say everything this one says, so this one spends
    // none of chat.update's budget (Tier 3: 50 a minute), and the message never lags behind a backlog.
    if (existing && m.seq !== undefined && m.seq < (await deps.slots.latestVersion(m.slot))) {
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
