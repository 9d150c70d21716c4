import type { HandlerDeps } from '../../handlers/handler-deps';
import { publishHome } from '../../jobs/publish-home';
import { REFRESH_USER_GROUPS, refreshUserGroups } from '../../jobs/refresh-user-groups';
import { createQueues, safeJobId } from '../adapters/queue/queues';
import { AuditLog } from '../adapters/redis/audit-log';
import { createRedis } from '../adapters/redis/connection';
import { MessageSlots } from '../adapters/redis/message-slots';
import { RequestLedger } from '../adapters/redis/request-ledger';
import { SlackRateLimits } from '../adapters/redis/slack-rate-limits';
import { UserGroupCache } from '../adapters/redis/user-groups';
import { createSlackSender } from '../adapters/slack/slack-sender';
import type { Config } from '../config/load-config';
import type { Logger } from '../logger';
import { type Clock, type Outbox, systemClock } from '../ports';
import { startWeb, type WebHandle } from './web';
import { startWorkers, type WorkersHandle } from './workers';

export type Mode = 'web' | 'worker' | 'all';

export interface BotHandle {
  web?: WebHandle;
  workers?: WorkersHandle;
  /** SIGTERM's path: stop intake, let running jobs finish up to the deadline, close Redis. */
  stop(deadlineMs?: number): Promise<void>;
}

/** The one composition root: builds every adapter once and hands them to handlers and jobs. */
export async function startBot(
  config: Config,
  mode: Mode,
  log: Logger,
  clock: Clock = systemClock,
): Promise<BotHandle> {
  const url = config.env.REDIS_URL;
  const client = createRedis(url, 'client', log);
  const workerConnection = createRedis(url, 'worker', log);
  const queues = createQueues(client);
  const audit = new AuditLog(client);
  const outbox: Outbox = {
    send: async (message, opts) => {
      await queues.outbox.add(message.kind, message, opts?.jobId ? { jobId: safeJobId(opts.jobId) } : {});
    },
  };

  const groupCache = new UserGroupCache(client);
  let workers: WorkersHandle | undefined;
  if (mode !== 'web') {
    const sender = createSlackSender({ token: config.env.SLACK_BOT_TOKEN, apiUrl: config.env.SLACK_API_URL });
    workers = startWorkers(
      workerConnection,
      { outbox, audit, clock, log },
      { sender, slots: new MessageSlots(client), limits: new SlackRateLimits(client), log },
      {
        'publish-home': publishHome({ outbox, clock, clusters: config.clusters }),
        [REFRESH_USER_GROUPS]: refreshUserGroups({ access: config.access, sender, cache: groupCache, log }),
      },
      log,
    );
    // Group memberships now and every 10 minutes; the scheduler keeps one schedule however many workers run.
    await queues.background.upsertJobScheduler(
      REFRESH_USER_GROUPS,
      { every: 10 * 60_000 },
      { name: REFRESH_USER_GROUPS },
    );
  }

  let web: WebHandle | undefined;
  if (mode !== 'worker') {
    const deps: HandlerDeps = {
      access: config.access,
      groups: groupCache,
      ledger: new RequestLedger(client),
      audit,
      commands: {
        enqueue: async (data, jobId) => {
          await queues.commands.add(data.command, data, { jobId: safeJobId(`cmd-${jobId}`) });
        },
      },
      background: {
        start: async (name, data, jobId) => {
          await queues.background.add(name, data, { jobId: safeJobId(jobId) });
        },
      },
      clock,
      log,
    };
    web = await startWeb(
      config,
      deps,
      {
        redisReachable: () =>
          client.ping().then(
            () => true,
            () => false,
          ),
        workersRunning: () => (workers ? workers.running() : true),
      },
      log,
    );
  }

  return {
    web,
    workers,
    stop: async (deadlineMs = 25_000) => {
      await web?.stop();
      await workers?.stop(deadlineMs);
      await queues.close();
      await Promise.all([client.quit(), workerConnection.quit()].map((p) => p.catch(() => undefined)));
    },
  };
}
