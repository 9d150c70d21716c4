import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { type BotHandle, startBot } from '../../app/start-bot';
import { type RunningSimulator, type ScenarioInput, startSimulator } from '../../sim';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../../sim/slack/fake-slack';
import { createCloudClients } from '../../src/adapters/aws/cloud-clients';
import { RedisAwsPacer } from '../../src/adapters/redis/aws-call-pacer';
import type { Config } from '../../src/config/load-config';
import { fileSchema } from '../../src/config/schema';
import type { OutboxRetryPolicy } from '../../src/domain/outbox-retry-policy';
import { createLogger } from '../../src/logger';
import type { Clock } from '../../src/ports';
import { type RedisServer, startRedisServer } from './redis-server';
import {
  interactionBody,
  postSigned,
  type SendOptions,
  type SlackResponse,
  slashCommandBody,
} from './slack-requests';
import { until } from './until';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token-for-the-fake-slack';

export const TEST_ACCESS = {
  admins: ['U0ADMIN'],
  approvers: ['U0APPROVER'],
  operators: ['U0OPERATOR'],
  viewers: ['*'],
};

/** The demo scenario's clusters, as an operator would configure them. */
export const TEST_CLUSTERS = [
  {
    name: 'demo',
    region: 'us-west-2',
    channel: 'C0OPS',
    alertChannel: 'C0ALERTS',
    hybridNodesRole: 'HybridNodesRole',
  },
  {
    name: 'legacy',
    region: 'us-west-2',
    channel: 'C0OPS',
    alertChannel: 'C0ALERTS',
    hybridNodesRole: 'HybridNodesRole',
  },
];

/** A Redis the test brings: how the bot reaches it, and a client of the test's own on it. */
export interface TestRedis {
  /** Stopped with the bot; `url` is where the bot connects unless `env` says otherwise. */
  server: RedisServer;
  env: Partial<
    Pick<
      Config['env'],
      'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_PASSWORD' | 'REDIS_SENTINEL_PASSWORD'
    >
  >;
  connect(): Redis;
}

export interface TestBot {
  url: string;
  slack: FakeSlack;
  redis: RedisServer;
  /** A plain Redis client on the test's Redis, for looking at state. */
  inspect: Redis;
  bot: BotHandle;
  /** The simulated AWS and clusters (scenario sim/scenarios/demo.yaml unless another is given). */
  sim: RunningSimulator;
  /** Every line the bot logged, as written (JSON). */
  logLines: string[];
  command(
    text: string,
    opts?: { user?: string; channel?: string; triggerId?: string } & Partial<SendOptions>,
  ): Promise<SlackResponse>;
  interaction(payload: Record<string, unknown>, opts?: Partial<SendOptions>): Promise<SlackResponse>;
  /** Waits until the fake Slack has seen a call that matches. */
  waitForCall(match: (c: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  /** The configuration the bot runs with, for worker processes the test starts. */
  config: Config;
  /** Another replica of the bot (workers by default) on the same Redis, Slack, simulator and configuration. */
  startReplica(mode?: 'web' | 'worker' | 'all'): Promise<BotHandle>;
  stop(): Promise<void>;
}

/** What drives a bot from Slack's side, whether it runs in the test or in processes of its own. */
export type SlackSide = Pick<
  TestBot,
  'command' | 'interaction' | 'waitForCall' | 'sim' | 'slack' | 'inspect'
>;

/** The whole bot in one process (web + workers), on a real redis-server, talking to the fake Slack. */
export async function startTestBot(
  overrides: {
    file?: Record<string, unknown>;
    userGroups?: Record<string, string[]>;
    scenario?: string | ScenarioInput;
    /** Connect over Socket Mode (an app-level token) instead of receiving signed HTTP. */
    socketMode?: boolean;
    /** The bot's clock (the simulator keeps real time): lets tests reach expiries. */
    clock?: Clock;
    /** `web` leaves the jobs to worker processes the test starts itself (crash tests). */
    mode?: 'all' | 'web';
    /** The outbox's retry schedule, e.g. compressed so a test lives through a long Slack outage quickly. */
    outboxPolicy?: OutboxRetryPolicy;
    /** Extra redis-server arguments, e.g. persistence. */
    redisArgs?: string[];
    /** Where the simulator writes a kubeconfig for kubectl (a context per cluster). */
    kubeconfigPath?: string;
    /** How long a (re)started kubelet takes to report its node Ready; none unless a test needs the wait. */
    nodeReadyDelayMs?: number;
    /** Serve /metrics on this port (a free one: several suites run at once); off unless given. */
    metricsPort?: number;
    /** How long a job stays claimed by a worker that stopped answering (HYBRID_BOT_JOB_LOCK_SECONDS). */
    lockSeconds?: number;
    /** The bot's Redis when not a redis-server of its own: e.g. a primary and replicas behind Sentinels. */
    redis?: TestRedis;
  } = {},
): Promise<TestBot> {
  const own = overrides.redis ? undefined : await startRedisServer({ args: overrides.redisArgs });
  const {
    server: redis,
    env: redisEnv,
    connect,
  } = overrides.redis ?? {
    server: own as RedisServer,
    env: { REDIS_URL: (own as RedisServer).url },
    connect: () => new Redis((own as RedisServer).url),
  };
  const sim = await startSimulator({
    port: 0,
    scenario: overrides.scenario,
    nodeReadyDelayMs: overrides.nodeReadyDelayMs ?? 0,
    ...(overrides.kubeconfigPath ? { kubeconfigPath: overrides.kubeconfigPath } : {}),
  });
  // The real AWS SDK and Kubernetes client, pointed at the simulator, paced through Redis as deployed.
  const pacerRedis = connect();
  const pacer = new RedisAwsPacer(pacerRedis);
  const cloud = createCloudClients({
    endpoint: sim.awsEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    env: { AWS_ENDPOINT_URL: sim.awsEndpoint },
    pacer,
  });
  const slack = await startFakeSlack();
  if (overrides.userGroups) slack.setUserGroups(overrides.userGroups);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  });
  const config = testConfig({
    slackUrl: slack.url,
    redisUrl: redis.url,
    file: overrides.file,
    socketMode: overrides.socketMode,
    metricsPort: overrides.metricsPort,
    redisEnv,
    lockSeconds: overrides.lockSeconds,
  });
  const bot = await startBot(config, overrides.mode ?? 'all', createLogger({ level: 'debug', destination }), {
    cloud,
    clock: overrides.clock,
    outboxPolicy: overrides.outboxPolicy,
  });
  const url = bot.web?.url ?? '';
  const inspect = connect();
  return {
    url,
    slack,
    redis,
    inspect,
    bot,
    sim,
    logLines,
    config,
    command: (text, opts = {}) =>
      postSigned(
        url,
        slashCommandBody({
          text,
          user: opts.user,
          channel: opts.channel,
          triggerId: opts.triggerId,
          responseUrl: slack.responseUrl(),
        }),
        'application/x-www-form-urlencoded',
        { secret: SIGNING_SECRET, ...opts },
      ),
    interaction: (payload, opts = {}) =>
      postSigned(url, interactionBody(payload), 'application/x-www-form-urlencoded', {
        secret: SIGNING_SECRET,
        ...opts,
      }),
    waitForCall: async (match, timeoutMs = 10_000) =>
      until('a matching Slack call', () => slack.calls().find((c) => c.status === 200 && match(c)), {
        timeoutMs,
        intervalMs: 20,
        detail: () => `calls: ${JSON.stringify(slack.calls()).slice(0, 2000)}`,
      }),
    startReplica: (mode = 'worker') =>
      startBot(
        { ...config, env: { ...config.env, METRICS_PORT: 0 } },
        mode,
        createLogger({ level: 'silent' }),
        {
          cloud: createCloudClients({
            endpoint: sim.awsEndpoint,
            credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
            env: { AWS_ENDPOINT_URL: sim.awsEndpoint },
            pacer,
          }),
        },
      ),
    stop: async () => {
      await bot.stop(5000);
      inspect.disconnect();
      pacerRedis.disconnect();
      await slack.close();
      await sim.close();
      await redis.stop();
    },
  };
}

/** The configuration a test's bot runs with: the test's Slack and Redis, demo as its one cluster unless the file says otherwise. */
export function testConfig(o: {
  slackUrl: string;
  redisUrl: string;
  file?: Record<string, unknown>;
  socketMode?: boolean;
  metricsPort?: number;
  /** Where Redis is when not REDIS_URL alone (Sentinels, passwords). */
  redisEnv?: TestRedis['env'];
  lockSeconds?: number;
}): Config {
  const file = fileSchema.parse({
    access: TEST_ACCESS,
    clusters: [
      {
        name: 'demo',
        region: 'us-west-2',
        channel: 'C0OPS',
        alertChannel: 'C0ALERTS',
        hybridNodesRole: 'HybridNodesRole',
      },
    ],
    ...o.file,
  });
  return {
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      ...(o.socketMode ? { SLACK_APP_TOKEN: 'xapp-1-A0HYBRID-test' } : {}),
      SLACK_API_URL: o.slackUrl,
      REDIS_URL: o.redisUrl,
      ...o.redisEnv,
      PORT: 0,
      METRICS_PORT: o.metricsPort ?? 0,
      HYBRID_BOT_CONFIG: '(test)',
      LOG_LEVEL: 'debug',
      HYBRID_BOT_JOB_LOCK_SECONDS: o.lockSeconds ?? 30,
    },
    ...file,
  };
}
