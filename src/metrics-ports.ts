/**
 * What the bot records for its Prometheus metrics, as jobs and adapters see it. The implementation
 * (src/adapters/metrics) is built once in the composition root; every label value passed here comes
 * from a fixed set (job names, step actions, SDK operations, Slack methods), never from user input.
 */

/** How one call to AWS, Kubernetes or Slack ended. */
export type CallOutcome = 'ok' | 'throttled' | 'error';

/** The kinds of request Slack sends the bot, and how the bot answered each. */
export type SlackRequestKind = 'command' | 'action' | 'view' | 'event' | 'options' | 'other';
/** failed: a listener threw and the bot answered 500, so Slack sends the request again. */
export type SlackRequestOutcome = 'acked' | 'refused' | 'bad_signature' | 'too_large' | 'failed';

export interface BotMetrics {
  /** A request to /slack/events, answered after `seconds`. */
  slackRequest(kind: SlackRequestKind, outcome: SlackRequestOutcome, seconds: number): void;
  /** A command job's try: done, failed (the user was told), or retry (a transient failure, tried again). */
  command(name: string, outcome: 'done' | 'failed' | 'retry'): void;
  /** One run of a change's step (`step` is its action, e.g. `join-node`). */
  changeStep(kind: string, step: string, outcome: string, seconds: number): void;
  /** One monitor evaluation of a cluster. */
  monitorSweep(outcome: 'ok' | 'unreachable' | 'failed', seconds: number, nodes: number): void;
  /** One attempt of an AWS or Kubernetes API call. */
  apiCall(
    api: 'aws' | 'kubernetes',
    service: string,
    operation: string,
    outcome: CallOutcome,
    seconds: number,
  ): void;
  /** One call of a Slack Web API method (or `response_url`) by the outbox. */
  slackCall(method: string, outcome: 'ok' | 'rate_limited' | 'error'): void;
}

/** Records nothing: for code paths and tests that run without metrics. */
export const noMetrics: BotMetrics = {
  slackRequest: () => undefined,
  command: () => undefined,
  changeStep: () => undefined,
  monitorSweep: () => undefined,
  apiCall: () => undefined,
  slackCall: () => undefined,
};
