import { groupsInAccess, hasRole, roleOf } from '../../src/domain/roles';

const access = {
  admins: ['U0ADMIN'],
  approvers: ['U0APPROVER', 'S0LEADS'],
  operators: ['U0OPERATOR'],
  viewers: ['*'],
};

describe('roles', () => {
  it('gives each user the highest role they are listed for', () => {
    expect(roleOf('U0ADMIN', [], access)).toBe('admin');
    expect(roleOf('U0APPROVER', [], access)).toBe('approver');
    expect(roleOf('U0OPERATOR', [], access)).toBe('operator');
    expect(roleOf('U0SOMEONE', [], access)).toBe('viewer');
  });

  it('grants a role through membership of a user group', () => {
    expect(roleOf('U0SOMEONE', ['S0LEADS'], access)).toBe('approver');
  });

  it('gives no role when nobody is listed as a viewer', () => {
    expect(roleOf('U0SOMEONE', [], { ...access, viewers: [] })).toBeUndefined();
  });

  it('nests roles: admin ⊃ approver ⊃ operator ⊃ viewer', () => {
    expect(hasRole('admin', 'approver')).toBe(true);
    expect(hasRole('approver', 'operator')).toBe(true);
    expect(hasRole('operator', 'viewer')).toBe(true);
    expect(hasRole('operator', 'approver')).toBe(false);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });

  it('lists only the user groups that need a membership look-up', () => {
    expect(groupsInAccess(access)).toEqual(['S0LEADS']);
  });
});
