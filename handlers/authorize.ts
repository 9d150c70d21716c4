import { groupsInAccess, hasRole, type Role, roleOf } from '../src/domain/roles';
import type { HandlerDeps } from './handler-deps';

/** The user's role, counting the user groups they belong to (cached in Redis by a job). */
export async function roleOfUser(
  userId: string,
  deps: Pick<HandlerDeps, 'access' | 'groups'>,
): Promise<Role | undefined> {
  const groups = await deps.groups.groupsOf(userId, groupsInAccess(deps.access));
  return roleOf(userId, groups, deps.access);
}

export { hasRole };
