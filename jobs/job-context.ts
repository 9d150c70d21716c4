import type { Job } from 'bullmq';
import type { AuditLog } from '../src/adapters/redis/audit-log';
import type { CommandJobData } from '../src/job-data';
import type { Logger } from '../src/logger';
import type { Clock, Outbox } from '../src/ports';

/** What every command job may use; adapters arrive here from the composition root. */
export interface CommandDeps {
  outbox: Outbox;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
}

export type CommandProcessor = (job: Job<CommandJobData>, deps: CommandDeps) => Promise<unknown>;
