import { ApprovalStore, type StoredApproval } from '../../src/adapters/redis/approval-store';
import { approvalDecidedMessage } from '../../src/blocks/approvals/approval-message';
import { section } from '../../src/blocks/elements';
import { type Decision, decideApproval } from '../../src/domain/approvals';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { approvalSlot } from './request-approval';

export const DECIDE_APPROVAL = 'approval-decide';
export const EXECUTE_APPROVAL = 'approval-execute';

interface DecideData {
  id: string;
  planHash: string;
  decision: Decision;
  user: string;
  isApprover: boolean;
  responseUrl?: string;
}

/**
 * One Approve or Reject click: the domain's rules decide whether it counts, and one Redis SET NX
 * makes it count once however many clicks or redeliveries arrive.
 */
export const decideApprovalJob: BackgroundProcessor = async (job, deps) => {
  const data = job.data as DecideData;
  const store = new ApprovalStore(deps.redis);
  const approval = await store.get(data.id);
  const tell = (text: string) =>
    data.responseUrl
      ? deps.outbox.send({ kind: 'respond', responseUrl: data.responseUrl, text, blocks: [section(text)] })
      : Promise.resolve();
  if (!approval) {
    await tell('This approval request is unknown (it may be older than 30 days): nothing was done.');
    return { outcome: 'unknown' };
  }
  const now = deps.clock.now();
  const outcome = decideApproval({
    request: approval,
    decider: data.user,
    deciderIsApprover: data.isApprover,
    presentedPlanHash: data.planHash,
    decision: data.decision,
    now,
  });
  if (!outcome.allowed) {
    await tell(`:no_entry: ${outcome.message}`);
    await audit(deps, approval, data.user, `${data.decision} refused: ${outcome.reason}`);
    if (outcome.reason === 'expired' && (await store.decide(approval.id, { state: 'expired', at: now }))) {
      await showDecision(deps, approval, 'expired', undefined, now);
    }
    return { outcome: outcome.reason };
  }
  const state = outcome.next.state as 'approved' | 'rejected';
  if (!(await store.decide(approval.id, { state, by: data.user, at: now }))) {
    const current = await store.decisionOf(approval.id);
    await tell(
      `This request was already ${current?.state ?? 'decided'}${current?.by ? ` by <@${current.by}>` : ''}; nothing more to do.`,
    );
    return { outcome: 'already-decided' };
  }
  await showDecision(deps, approval, state, data.user, now);
  await audit(deps, approval, data.user, state);
  if (state === 'approved') {
    await deps.background.start(EXECUTE_APPROVAL, { id: approval.id }, `approval-exec-${approval.id}`);
  }
  return { outcome: state };
};

async function showDecision(
  deps: CommandDeps,
  a: StoredApproval,
  state: 'approved' | 'rejected' | 'expired',
  by: string | undefined,
  at: number,
): Promise<void> {
  await deps.outbox.send({
    kind: 'post',
    channel: a.channel,
    slot: approvalSlot(a.id),
    ...approvalDecidedMessage(a, state, by, at),
  });
}

export async function audit(
  deps: CommandDeps,
  a: StoredApproval,
  user: string,
  outcome: string,
  detail?: string,
) {
  await deps.audit.append({
    at: deps.clock.now(),
    user,
    channel: a.channel,
    command: a.title,
    outcome: `approval ${outcome}`,
    detail: detail ?? `approval ${a.id}`,
  });
}

/** At the request's expiry: if nobody decided, the message says it expired and loses its buttons. */
export const expireApprovalJob: BackgroundProcessor = async (job, deps) => {
  const store = new ApprovalStore(deps.redis);
  const approval = await store.get(String(job.data.id));
  if (approval?.state !== 'pending') return { outcome: 'decided' };
  const now = deps.clock.now();
  if (now < approval.expiresAt) return { outcome: 'not yet' };
  if (await store.decide(approval.id, { state: 'expired', at: now })) {
    await showDecision(deps, approval, 'expired', undefined, now);
    await audit(deps, approval, approval.requester, 'expired');
  }
  return { outcome: 'expired' };
};
