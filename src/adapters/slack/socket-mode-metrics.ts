import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { BotMetrics } from '../../metrics-ports';
import { slackRequestKind } from './slack-request-kind';

/**
 * Counts Slack requests that come over Socket Mode, which has no HTTP answer for the receiver to
 * time: the request is acked by the time its listeners are done (handlers only accept and ack).
 */
export function countSocketModeRequests(metrics: BotMetrics): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const started = performance.now();
    const kind = slackRequestKind(body as unknown as Record<string, unknown>);
    const seconds = () => (performance.now() - started) / 1000;
    try {
      await next();
    } catch (err) {
      metrics.slackRequest(kind, 'failed', seconds());
      throw err;
    }
    metrics.slackRequest(kind, 'acked', seconds());
  };
}
