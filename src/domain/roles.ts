/** Roles nest: admin ⊃ approver ⊃ operator ⊃ viewer. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AccessLists {
  admins: string[];
  approvers: string[];
  operators: string[];
  viewers: string[];
}

const LIST_OF: Record<Role, keyof AccessLists> = {
  viewer: 'viewers',
  operator: 'operators',
  approver: 'approvers',
  admin: 'admins',
};

/**
 * The highest role a user holds, from their user ID and the IDs of the user groups they belong to.
 * Returns undefined when the user holds no role at all.
 */
export function roleOf(userId: string, groupIds: readonly string[], access: AccessLists): Role | undefined {
  // Highest role first; runs on every request, so no copies of the lists.
  for (let i = ROLES.length - 1; i >= 0; i--) {
    const role = ROLES[i] as Role;
    const list = access[LIST_OF[role]];
    if (list.includes('*') || list.includes(userId) || groupIds.some((g) => list.includes(g))) return role;
  }
  return undefined;
}

export function hasRole(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

const groupsOfAccess = new WeakMap<AccessLists, readonly string[]>();

/** The user-group IDs (S…) named anywhere in the access lists: only these need membership look-ups. */
export function groupsInAccess(access: AccessLists): readonly string[] {
  let groups = groupsOfAccess.get(access);
  if (!groups) {
    const all = [...access.admins, ...access.approvers, ...access.operators, ...access.viewers];
    groups = [...new Set(all.filter((p) => p.startsWith('S')))];
    groupsOfAccess.set(access, groups);
  }
  return groups;
}
