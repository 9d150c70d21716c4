import { ApprovalStore, type StoredApproval } from '../../src/adapters/redis/approval-store';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { audit } from './decide-approval';

export type ApprovalExecutor = (deps: CommandDeps, approval: StoredApproval) => Promise<string>;

/**
 * Runs what an approved request planned, once (the job ID is the approval's). Executors are
 * registered by kind, so pools and profiles reuse the same approvals.
 */
export function executeApproval(executors: Record<string, ApprovalExecutor>): BackgroundProcessor {
  return async (job, deps) => {
    const store = new ApprovalStore(deps.redis);
    const approval = await store.get(String(job.data.id));
    if (approval?.state !== 'approved') return { outcome: 'not approved' };
    const executor = executors[approval.kind];
    if (!executor) throw new Error(`no executor for approvals of kind ${approval.kind}`);
    const result = await executor(deps, approval);
    await audit(deps, approval, approval.decidedBy ?? approval.requester, 'carried out', result);
    return { outcome: result };
  };
}
