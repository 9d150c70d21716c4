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
  const principals = new Set([userId, ...groupIds]);
  for (const role of [...ROLES].reverse()) {
    const list = access[LIST_OF[role]];
    if (list.includes('*') || list.some((p) => principals.has(p))) return role;
  }
  return undefined;
}

export function hasRole(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** The user-group IDs (S…) named anywhere in the access lists: only these need membership look-ups. */
export function groupsInAccess(access: AccessLists): string[] {
  const all = [...access.admins, ...access.approvers, ...access.operators, ...access.viewers];
  return [...new Set(all.filter((p) => p.startsWith('S')))];
}
