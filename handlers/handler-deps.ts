import type { AuditLog } from '../src/adapters/redis/audit-log';
import type { HostInventory } from '../src/adapters/redis/inventory';
import type { ClusterInfoCache } from '../src/adapters/redis/inventory-cluster-info';
import type { PoolStore } from '../src/adapters/redis/pool-store';
import type { ProfileStore } from '../src/adapters/redis/profile-store';
import type { RequestLedger } from '../src/adapters/redis/request-ledger';
import type { UserGroupCache } from '../src/adapters/redis/user-groups';
import type { ClusterProfile } from '../src/domain/profiles';
import type { AccessLists } from '../src/domain/roles';
import type { Logger } from '../src/logger';
import type { BackgroundIntake, Clock, CommandQueue } from '../src/ports';

/** What listeners need: enough to parse, authorize, audit, enqueue and ack, and no more. */
export interface HandlerDeps {
  access: AccessLists;
  groups: UserGroupCache;
  ledger: RequestLedger;
  audit: AuditLog;
  commands: CommandQueue;
  background: BackgroundIntake;
  clock: Clock;
  log: Logger;
  /** What the host registration forms need to list clusters and point at wrong fields. */
  hosts: { clusterNames: string[]; clusterInfo: ClusterInfoCache; inventory: HostInventory };
  /** What the profile forms need: the versions offered, and the stored profiles to prefill and check against. */
  profiles: { store: ProfileStore<ClusterProfile>; kubernetesVersions: readonly string[] };
  /** What the upgrade form needs: the pool, to offer the versions newer than the one it runs. */
  pools: Pick<PoolStore, 'get' | 'list'>;
}
