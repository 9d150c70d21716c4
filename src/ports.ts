import type { BackgroundJobName, BackgroundJobs, BackgroundWork } from './background-jobs';
import type { SlackMessage } from './blocks/types';
import type { CommandJobData, OutboundMessage, RequestContext } from './job-data';

/** The one way jobs and handlers send anything to Slack: through the rate-limited outbox queue. */
export interface Outbox {
  send(message: OutboundMessage, opts?: { jobId?: string }): Promise<void>;
  /**
   * A version number for a slot message, taken before its content is read: whoever reads later
   * holds a higher number, so the newest content is the one that stays (pass it as `seq`).
   */
  reserveVersion(slot: string): Promise<number>;
}

/** Starts a command job for a Slack request; its job ID, derived from the request ID, makes a redelivery add nothing. */
export interface CommandQueue {
  enqueue(data: CommandJobData, requestId: string): Promise<void>;
}

/** Background jobs that no slash command started (App Home, cache refreshes, monitors). */
export interface BackgroundQueue {
  /** A job ID already used adds nothing (while the finished job is kept): callers derive it from what it does. */
  start<N extends BackgroundJobName>(
    name: N,
    data: BackgroundJobs[N],
    jobId: string,
    /** `ownTrace`: the job starts a trace of its own rather than going on in the caller's (a change's step). */
    opts?: { delayMs?: number; ownTrace?: boolean },
  ): Promise<void>;
}

/** Handlers start background work through the intake stream: one XADD, so the request can wait for it. */
export interface BackgroundIntake {
  accept(work: BackgroundWork, jobId: string): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** An answer only the requester sees when Slack gave a response_url, else a channel message. */
export function replyTo(
  request: RequestContext,
  message: SlackMessage,
  visibility: 'ephemeral' | 'in_channel' = 'ephemeral',
): OutboundMessage {
  if (request.responseUrl) {
    return { kind: 'respond', responseUrl: request.responseUrl, responseType: visibility, ...message };
  }
  return { kind: 'post', channel: request.channel, ...message };
}
