import { Redis } from 'ioredis';
import { type ScenarioInput, startSimulator } from '../../sim';
import { type SlackCall, startFakeSlack } from '../../sim/slack/fake-slack';
import type { Config } from '../../src/config/load-config';
import { type BotProcesses, type ProcessOptions, startBotProcesses } from './bot-processes';
import { type RedisServer, startRedisServer } from './redis-server';
import {
  interactionBody,
  postSigned,
  type SendOptions,
  type SlackResponse,
  slashCommandBody,
} from './slack-requests';
import { SIGNING_SECRET, type SlackSide, testConfig } from './test-bot';
import { until } from './until';
import { workerEnv } from './worker-process';

/** The bot as deployed at scale: several web and worker processes on one Redis, the simulator and the fake Slack. */
export interface ProcessWorld extends SlackSide {
  redis: RedisServer;
  config: Config;
  processes: BotProcesses;
  /** Posts a signed Slack request body (form-encoded) to a web process, retrying as Slack does. */
  post(body: string, opts?: Partial<SendOptions>): Promise<SlackResponse>;
  stop(): Promise<void>;
}

export async function startProcessWorld(o: {
  scenario?: string | ScenarioInput;
  file?: Record<string, unknown>;
  web: number;
  workers: number;
  /** How long a dead worker's job stays claimed before another worker takes it over. */
  lockSeconds?: number;
  redisArgs?: string[];
  nodeReadyDelayMs?: number;
  /** Environment the processes get besides the configuration (e.g. LOG_LEVEL). */
  env?: NodeJS.ProcessEnv;
  onLine?: ProcessOptions['onLine'];
}): Promise<ProcessWorld> {
  const redis = await startRedisServer({ args: o.redisArgs });
  const sim = await startSimulator({
    port: 0,
    scenario: o.scenario,
    nodeReadyDelayMs: o.nodeReadyDelayMs ?? 0,
  });
  const slack = await startFakeSlack();
  const config = testConfig({ slackUrl: slack.url, redisUrl: redis.url, file: o.file });
  const env = { ...workerEnv(config, sim.awsEndpoint, o.lockSeconds ?? 30), ...o.env };
  let processes: BotProcesses;
  try {
    processes = await startBotProcesses(env, { web: o.web, workers: o.workers }, { onLine: o.onLine });
  } catch (err) {
    await slack.close();
    await sim.close();
    await redis.stop();
    throw err;
  }
  const inspect = new Redis(redis.url);
  // As Slack does: a request that finds no web process (one was just killed) or gets no answer is
  // sent again, up to 3 times, with X-Slack-Retry-Num; a load balancer sends it to another process.
  const send = async (body: string, opts: Partial<SendOptions>): Promise<SlackResponse> => {
    for (let retry = 0; ; retry++) {
      try {
        const res = await postSigned(processes.nextWebUrl(), body, 'application/x-www-form-urlencoded', {
          secret: SIGNING_SECRET,
          ...opts,
          ...(retry > 0 ? { retryNum: retry } : {}),
        });
        if (res.status < 500 || retry >= 3) return res;
      } catch (err) {
        if (retry >= 3) throw err;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** retry));
    }
  };
  return {
    redis,
    sim,
    slack,
    inspect,
    config,
    processes,
    post: (body, opts = {}) => send(body, opts),
    command: (text, opts = {}) =>
      send(
        slashCommandBody({
          text,
          user: opts.user,
          channel: opts.channel,
          triggerId: opts.triggerId,
          responseUrl: slack.responseUrl(),
        }),
        opts,
      ),
    interaction: (payload, opts = {}) => send(interactionBody(payload), opts),
    waitForCall: async (match, timeoutMs = 10_000) =>
      until(
        'a matching Slack call',
        () => slack.calls().find((c: SlackCall) => c.status === 200 && match(c)),
        {
          timeoutMs,
          intervalMs: 20,
        },
      ),
    stop: async () => {
      await processes.stop();
      inspect.disconnect();
      await slack.close();
      await sim.close();
      await redis.stop();
    },
  };
}
