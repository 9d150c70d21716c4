import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AuditLog } from '../src/adapters/redis/audit-log';
import type { Stores } from '../src/adapters/redis/stores';
import type { SlackSender } from '../src/adapters/slack/slack-sender';
import type { BackgroundJobName, BackgroundJobs } from '../src/background-jobs';
import type { CloudClients } from '../src/cloud-ports';
import type { Config } from '../src/config/load-config';
import type { CommandJobName } from '../src/domain/commands';
import type { CommandJobData } from '../src/job-data';
import type { Logger } from '../src/logger';
import type { BotMetrics } from '../src/metrics-ports';
import type { BackgroundQueue, Clock, Outbox } from '../src/ports';

/** The configuration jobs see: the YAML file's content, without the environment's secrets. */
export type JobConfig = Omit<Config, 'env'>;

/** What every job may use; adapters arrive here from the composition root. */
export interface CommandDeps {
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  config: JobConfig;
  /** AWS (EKS, SSM, STS) and Kubernetes clients per cluster. */
  cloud: CloudClients;
  /** The bot's state lives here, under the `{hb}` key prefix (see src/adapters/redis). */
  redis: Redis;
  /** The bot's state in Redis: changes, inventory, alerts, caches (built once in the composition root). */
  stores: Stores;
  /** Follow-up jobs (watching a registration, a monitor sweep…). */
  background: BackgroundQueue;
  /** Reads from Slack; everything sent to Slack goes through the outbox instead. */
  slack: Pick<SlackSender, 'userGroupMembers' | 'downloadFile' | 'fileById' | 'channelInfo'>;
  /** Commands, change steps and monitor sweeps, counted for Prometheus. */
  metrics: BotMetrics;
}

/** Runs the command jobs named N: it sees the options and positionals their specs declare, no others. */
export type CommandProcessor<N extends CommandJobName> = (
  job: Job<CommandJobData<N>>,
  deps: CommandDeps,
) => Promise<unknown>;

/** One processor for every command job (src/domain/commands): a command without one does not compile. */
export type CommandProcessors = { [N in CommandJobName]: CommandProcessor<N> };

/** Jobs no slash command started directly: App Home, cache refreshes, watchers, monitors. */
export type BackgroundProcessor<N extends BackgroundJobName = BackgroundJobName> = (
  job: Job<BackgroundJobs[N]>,
  deps: CommandDeps,
) => Promise<unknown>;

/** One processor for every background job name: a job without one does not compile. */
export type BackgroundProcessors = { [N in BackgroundJobName]: BackgroundProcessor<N> };
