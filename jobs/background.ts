import { changeProcessors } from './changes/change-processors';
import { changeFeatures } from './changes/features';
import { HOST_BACKGROUND_PROCESSORS } from './hosts';
import type { BackgroundProcessor } from './job-context';
import { MONITORING_BACKGROUND } from './monitoring';
import { publishHome } from './publish-home';
import { REFRESH_USER_GROUPS, refreshUserGroups } from './refresh-user-groups';

/** Background job name → processor. */
export const BACKGROUND_PROCESSORS: Record<string, BackgroundProcessor> = {
  'publish-home': publishHome,
  [REFRESH_USER_GROUPS]: refreshUserGroups,
  ...MONITORING_BACKGROUND,
  ...HOST_BACKGROUND_PROCESSORS,
  ...changeProcessors(changeFeatures()),
};
