import type { AuditLog } from '../src/adapters/redis/audit-log';
import type { RequestLedger } from '../src/adapters/redis/request-ledger';
import type { UserGroupCache } from '../src/adapters/redis/user-groups';
import type { AccessLists } from '../src/domain/roles';
import type { Logger } from '../src/logger';
import type { BackgroundQueue, Clock, CommandQueue } from '../src/ports';

/** What listeners need: enough to parse, authorize, audit, enqueue and ack, and no more. */
export interface HandlerDeps {
  access: AccessLists;
  groups: UserGroupCache;
  ledger: RequestLedger;
  audit: AuditLog;
  commands: CommandQueue;
  background: BackgroundQueue;
  clock: Clock;
  log: Logger;
}
