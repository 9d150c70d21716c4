import { createHash } from 'node:crypto';

/**
 * Four-eyes approval: a second person with the approver role decides on an exact plan. That a
 * change is still awaiting a decision (decided once) is the change engine's state, checked first.
 */
interface ApprovalRequest {
  requester: string;
  planHash: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

type ApprovalRefusal = 'expired' | 'plan-changed' | 'self-approval' | 'not-approver';

type ApprovalOutcome = { allowed: true } | { allowed: false; reason: ApprovalRefusal; message: string };

export interface DecideInput {
  request: ApprovalRequest;
  decider: string;
  /** Has the role this change needs: approver, or admin where `decidedBy` says so. */
  deciderIsApprover: boolean;
  decidedBy?: 'admin';
  presentedPlanHash: string;
  /** Epoch milliseconds. */
  now: number;
}

/** JSON with object keys sorted at every level, so equal plans hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function planHash(plan: unknown): string {
  return createHash('sha256').update(stableJson(plan)).digest('hex');
}

export function decideApproval(input: DecideInput): ApprovalOutcome {
  const { request, decider, now } = input;
  if (now >= request.expiresAt) {
    return refuse('expired', 'This request has expired: ask the requester to run the command again.');
  }
  if (input.presentedPlanHash !== request.planHash) {
    return refuse(
      'plan-changed',
      'The plan changed since this request was made: review the new request instead.',
    );
  }
  if (decider === request.requester) {
    return refuse(
      'self-approval',
      'You made this request, so someone else must decide on it: ask an approver.',
    );
  }
  if (!input.deciderIsApprover) {
    if (input.decidedBy === 'admin')
      return refuse('not-approver', 'Only admins can decide on this change: ask another admin.');
    return refuse('not-approver', 'Only people with the approver role can decide: ask an approver.');
  }
  return { allowed: true };
}

function refuse(reason: ApprovalRefusal, message: string): ApprovalOutcome {
  return { allowed: false, reason, message };
}
