import { createHash } from 'node:crypto';
import { ApprovalStore, type StoredApproval } from '../../src/adapters/redis/approval-store';
import { approvalRequestMessage } from '../../src/blocks/approvals/approval-message';
import { section } from '../../src/blocks/elements';
import { newApprovalRequest } from '../../src/domain/approvals';
import type { CommandDeps } from '../job-context';

export interface ApprovalAsk {
  kind: string;
  cluster: string;
  channel: string;
  requester: string;
  title: string;
  summary: string[];
  plan: Record<string, unknown>;
  /** Derived from the Slack request: a retried job asks once. */
  requestKey: string;
  responseUrl?: string;
}

export const approvalSlot = (id: string) => `approval-${id}`;
export const EXPIRE_APPROVAL = 'approval-expire';

/** Posts a four-eyes request in the cluster channel; what happens next waits for an approver's click. */
export async function requestApproval(deps: CommandDeps, ask: ApprovalAsk): Promise<StoredApproval> {
  const id = createHash('sha256').update(ask.requestKey).digest('hex').slice(0, 20);
  const now = deps.clock.now();
  const request = newApprovalRequest(ask.requester, ask.plan, now, deps.config.approvalTtlMinutes * 60);
  const approval: StoredApproval = {
    ...request,
    id,
    kind: ask.kind,
    title: ask.title,
    cluster: ask.cluster,
    channel: ask.channel,
    plan: ask.plan,
    summary: ask.summary,
    createdAt: now,
  };
  const store = new ApprovalStore(deps.redis);
  await store.create(approval);
  const stored = (await store.get(id)) ?? approval;
  await deps.outbox.send(
    {
      kind: 'post',
      channel: ask.channel,
      slot: approvalSlot(id),
      ...approvalRequestMessage(stored),
    },
    { jobId: `approval-post-${id}` },
  );
  if (ask.responseUrl) {
    const text = `:hourglass_flowing_sand: Asked for approval in <#${ask.channel}>: ${ask.title}. An approver other than you must approve it.`;
    await deps.outbox.send(
      { kind: 'respond', responseUrl: ask.responseUrl, text, blocks: [section(text)] },
      { jobId: `approval-ack-${id}` },
    );
  }
  // Marks the message expired when nobody decided in time (a click after that is refused anyway).
  await deps.background.start(EXPIRE_APPROVAL, { id }, `approval-expire-${id}`, {
    delayMs: Math.max(0, stored.expiresAt - now),
  });
  await deps.audit.append({
    at: now,
    user: ask.requester,
    channel: ask.channel,
    command: ask.title,
    outcome: 'approval requested',
    detail: `approval ${id}, plan ${stored.planHash.slice(0, 12)}`,
  });
  return stored;
}
