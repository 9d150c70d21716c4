import type { UserGroupCache } from '../src/adapters/redis/user-groups';
import type { SlackSender } from '../src/adapters/slack/slack-sender';
import { type AccessLists, groupsInAccess } from '../src/domain/roles';
import type { Logger } from '../src/logger';

export const REFRESH_USER_GROUPS = 'refresh-user-groups';

/**
 * Caches the members of every user group named in the access lists. A group Slack cannot
 * read keeps its last known members, so a Slack hiccup never locks people out.
 */
export function refreshUserGroups(deps: {
  access: AccessLists;
  sender: SlackSender;
  cache: UserGroupCache;
  log: Logger;
}) {
  return async (): Promise<{ refreshed: number; failed: string[] }> => {
    const failed: string[] = [];
    let refreshed = 0;
    for (const group of groupsInAccess(deps.access)) {
      try {
        await deps.cache.replaceMembers(group, await deps.sender.userGroupMembers(group));
        refreshed += 1;
      } catch (err) {
        failed.push(group);
        deps.log.warn({ group, err: (err as Error).message }, 'could not read user group members');
      }
    }
    return { refreshed, failed };
  };
}
