import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver } from '@slack/bolt';
import { register as registerHandlers } from '../handlers';
import type { HandlerDeps } from '../handlers/handler-deps';
import { botIdentity } from '../src/adapters/slack/bot-identity';
import { GuardedHttpReceiver } from '../src/adapters/slack/guarded-http-receiver';
import { slackLogger } from '../src/adapters/slack/slack-logger';
import { countSocketModeRequests } from '../src/adapters/slack/socket-mode-metrics';
import type { Config } from '../src/config/load-config';
import type { Logger } from '../src/logger';
import type { BotMetrics } from '../src/metrics-ports';
import { type HealthChecks, healthRoutes } from './health-routes';

export interface WebHandle {
  /** Base URL of the HTTP receiver (slash commands, interactivity and events on /slack/events). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The Bolt app: signed HTTP on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set. */
export async function startWeb(
  config: Config,
  deps: HandlerDeps,
  health: HealthChecks,
  log: Logger,
  metrics?: BotMetrics,
): Promise<WebHandle> {
  const { env } = config;
  const routes = healthRoutes(health);
  const logger = slackLogger(log);
  const receiver = env.SLACK_APP_TOKEN
    ? new SocketModeReceiver({
        appToken: env.SLACK_APP_TOKEN,
        customRoutes: routes,
        installerOptions: { port: env.PORT, clientOptions: { slackApiUrl: env.SLACK_API_URL } },
        logger,
      })
    : // Ack first, work later: the response goes out as soon as ack() is called.
      new GuardedHttpReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET,
        endpoint: '/slack/events',
        routes,
        log,
        slackLog: logger,
        metrics,
      });
  const identity = botIdentity({ token: env.SLACK_BOT_TOKEN, apiUrl: env.SLACK_API_URL, log });
  const app = new App({
    authorize: identity.authorize,
    receiver,
    logger,
    clientOptions: { slackApiUrl: env.SLACK_API_URL },
    // The bot keeps no conversation state in Bolt; skipping its store saves work on every request.
    convoStore: false,
  });
  // Over HTTP the receiver counts requests; over Socket Mode the app sees them first.
  if (env.SLACK_APP_TOKEN && metrics) app.use(countSocketModeRequests(metrics));
  registerHandlers(app, deps);

  const started = (await app.start(env.PORT).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    // The code stays: a caller (the demo) may say it in its own words.
    throw Object.assign(
      new Error(
        `PORT ${env.PORT} is taken: the web process takes Slack's requests and answers /healthz and /readyz on PORT; stop what holds it, or give this process another`,
      ),
      { code: err.code },
    );
  })) as unknown;
  const port = env.SLACK_APP_TOKEN ? env.PORT : ((started as Server).address() as AddressInfo).port;
  log.info({ port, socketMode: Boolean(env.SLACK_APP_TOKEN) }, 'slack receiver listening');
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      identity.stop();
      await app.stop();
    },
  };
}
