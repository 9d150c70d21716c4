import { auditList } from './audit-list';
import { listChanges, showChangeCommand } from './changes/change-commands';
import { CLUSTER_PROCESSORS } from './clusters';
import { cniSet, cniShow } from './cni/cni-commands';
import { DIAGNOSTICS_PROCESSORS } from './diagnostics';
import { FLEET_PROCESSORS } from './fleets';
import { HOST_PROCESSORS } from './hosts';
import type { CommandProcessors } from './job-context';
import { MONITORING_PROCESSORS } from './monitoring';
import { ping } from './ping';
import { POOL_CHANGE_PROCESSORS, POOL_READ_PROCESSORS } from './pools';
import { PROFILE_PROCESSORS } from './profiles';
import { upgradePool } from './rollouts/pool-upgrade';

/** Job name → processor: one for every command job its spec declares (src/domain/commands). */
export const COMMAND_PROCESSORS: CommandProcessors = {
  ping,
  audit: auditList,
  ...HOST_PROCESSORS,
  ...DIAGNOSTICS_PROCESSORS,
  ...MONITORING_PROCESSORS,
  ...CLUSTER_PROCESSORS,
  changes: listChanges,
  'change show': showChangeCommand,
  'cni show': cniShow,
  'cni set': cniSet,
  ...PROFILE_PROCESSORS,
  ...POOL_READ_PROCESSORS,
  ...POOL_CHANGE_PROCESSORS,
  'pool upgrade': upgradePool,
  ...FLEET_PROCESSORS,
};
