import type { ChangeFeatures } from './changes/change-feature';
import { changeProcessors } from './changes/change-processors';
import { DIAGNOSTICS_BACKGROUND_PROCESSORS } from './diagnostics';
import { HOST_BACKGROUND_PROCESSORS } from './hosts';
import type { BackgroundProcessors } from './job-context';
import { MONITORING_BACKGROUND } from './monitoring';
import { POOL_BACKGROUND_PROCESSORS } from './pools/background';
import { publishHome } from './publish-home';
import { refreshUserGroups } from './refresh-user-groups';

/**
 * Background job name → processor, one for every name in src/background-jobs.ts. The change
 * engine runs the features the composition root (app/) registers.
 */
export function backgroundProcessors(features: ChangeFeatures): BackgroundProcessors {
  return {
    'publish-home': publishHome,
    'refresh-user-groups': refreshUserGroups,
    ...MONITORING_BACKGROUND,
    ...HOST_BACKGROUND_PROCESSORS,
    ...DIAGNOSTICS_BACKGROUND_PROCESSORS,
    ...POOL_BACKGROUND_PROCESSORS,
    ...changeProcessors(features),
  };
}
