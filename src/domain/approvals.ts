import { createHash } from 'node:crypto';

/** Four-eyes approval: a second person with the approver role decides on an exact plan, once. */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired';
export type Decision = 'approve' | 'reject';

export interface ApprovalRequest {
  requester: string;
  planHash: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  state: ApprovalState;
  decidedBy?: string;
}

export const DEFAULT_APPROVAL_TTL_SECONDS = 3600;

export type ApprovalRefusal =
  | 'already-decided'
  | 'expired'
  | 'plan-changed'
  | 'self-approval'
  | 'not-approver';

export type ApprovalOutcome =
  | { allowed: true; next: ApprovalRequest }
  | { allowed: false; reason: ApprovalRefusal; message: string };

export interface DecideInput {
  request: ApprovalRequest;
  decider: string;
  deciderIsApprover: boolean;
  presentedPlanHash: string;
  decision: Decision;
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

export function newApprovalRequest(
  requester: string,
  plan: unknown,
  now: number,
  ttlSeconds = DEFAULT_APPROVAL_TTL_SECONDS,
): ApprovalRequest {
  return { requester, planHash: planHash(plan), expiresAt: now + ttlSeconds * 1000, state: 'pending' };
}

export function decideApproval(input: DecideInput): ApprovalOutcome {
  const { request, decider, now } = input;
  if (request.state === 'approved' || request.state === 'rejected') {
    const by = request.decidedBy ? ` by <@${request.decidedBy}>` : '';
    return refuse('already-decided', `This request was already ${request.state}${by}; nothing more to do.`);
  }
  if (request.state === 'expired' || now >= request.expiresAt) {
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
    return refuse('not-approver', 'Only people with the approver role can decide: ask an approver.');
  }
  const state = input.decision === 'approve' ? 'approved' : 'rejected';
  return { allowed: true, next: { ...request, state, decidedBy: decider } };
}

/** Marks a pending request expired once its time is up; other requests are returned unchanged. */
export function expireIfDue(request: ApprovalRequest, now: number): ApprovalRequest {
  return request.state === 'pending' && now >= request.expiresAt ? { ...request, state: 'expired' } : request;
}

function refuse(reason: ApprovalRefusal, message: string): ApprovalOutcome {
  return { allowed: false, reason, message };
}
