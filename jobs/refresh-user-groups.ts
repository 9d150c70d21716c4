import type { BackgroundJobName } from '../src/background-jobs';
import { groupsInAccess } from '../src/domain/roles';
import type { BackgroundProcessor } from './job-context';

export const REFRESH_USER_GROUPS = 'refresh-user-groups' satisfies BackgroundJobName;

/**
 * Caches the members of every user group named in the access lists. A group Slack cannot
 * read keeps its last known members, so a Slack hiccup never locks people out.
 */
export const refreshUserGroups: BackgroundProcessor<'refresh-user-groups'> = async (_job, deps) => {
  const cache = deps.stores.userGroups;
  const failed: string[] = [];
  let refreshed = 0;
  for (const group of groupsInAccess(deps.config.access)) {
    try {
      await cache.replaceMembers(group, await deps.slack.userGroupMembers(group));
      refreshed += 1;
    } catch (err) {
      failed.push(group);
      deps.log.warn({ group, err: (err as Error).message }, 'could not read user group members');
    }
  }
  return { refreshed, failed };
};
