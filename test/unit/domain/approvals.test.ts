import { type DecideInput, decideApproval, planHash } from '../../../src/domain/approvals';

const t0 = Date.parse('2026-11-24T09:00:00Z');
const plan = {
  action: 'deregister-host',
  cluster: 'demo',
  host: 'store-12-pos-1',
  steps: ['drain', 'deregister'],
};
const request = { requester: 'U_REQUESTER', planHash: planHash(plan), expiresAt: t0 + 3_600_000 };
const approve: DecideInput = {
  request,
  decider: 'U_APPROVER',
  deciderIsApprover: true,
  presentedPlanHash: planHash(plan),
  now: t0 + 60_000,
};

describe('planHash', () => {
  it('is the same for the same plan whatever the key order', () => {
    const reordered = {
      steps: ['drain', 'deregister'],
      host: 'store-12-pos-1',
      cluster: 'demo',
      action: 'deregister-host',
    };
    expect(planHash(reordered)).toBe(planHash(plan));
    expect(planHash(plan)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when anything in the plan changes, including order of steps', () => {
    expect(planHash({ ...plan, host: 'store-12-pos-2' })).not.toBe(planHash(plan));
    expect(planHash({ ...plan, steps: ['deregister', 'drain'] })).not.toBe(planHash(plan));
    expect(planHash({ a: { b: 1 } })).not.toBe(planHash({ a: { b: '1' } }));
  });

  it('ignores undefined fields, as JSON storage would', () => {
    expect(planHash({ ...plan, note: undefined })).toBe(planHash(plan));
  });
});

describe('decideApproval', () => {
  it('lets an approver other than the requester decide', () => {
    expect(decideApproval(approve)).toEqual({ allowed: true });
  });

  it('refuses the requester deciding on their own request, even as an approver', () => {
    expect(decideApproval({ ...approve, decider: 'U_REQUESTER' })).toMatchObject({
      allowed: false,
      reason: 'self-approval',
    });
  });

  it('refuses someone without the approver role', () => {
    expect(decideApproval({ ...approve, deciderIsApprover: false })).toMatchObject({
      allowed: false,
      reason: 'not-approver',
    });
  });

  it('names admins as the ones to ask on a change only admins decide', () => {
    expect(decideApproval({ ...approve, deciderIsApprover: false, decidedBy: 'admin' })).toEqual({
      allowed: false,
      reason: 'not-approver',
      message: 'Only admins can decide on this change: ask another admin.',
    });
  });

  it('refuses once the request expires', () => {
    expect(decideApproval({ ...approve, now: t0 + 3_600_000 })).toMatchObject({
      allowed: false,
      reason: 'expired',
    });
    expect(decideApproval({ ...approve, now: t0 + 3_599_999 }).allowed).toBe(true);
  });

  it('refuses when the plan presented is not the plan requested', () => {
    const changed = planHash({ ...plan, host: 'store-12-pos-9' });
    expect(decideApproval({ ...approve, presentedPlanHash: changed })).toMatchObject({
      allowed: false,
      reason: 'plan-changed',
    });
  });
});
