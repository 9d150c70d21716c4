import {
  alreadyDecided,
  decisionRefused,
  UNKNOWN_CHANGE_ON_DECIDE,
} from '../../src/blocks/changes/change-clicker-answers';
import { expiredReport, rejectedReport } from '../../src/blocks/changes/change-report-notes';
import { decidedNote, EXPIRED_NOTE } from '../../src/blocks/changes/change-thread-notes';
import { decideApproval } from '../../src/domain/approvals';
import type { ChangeRecord } from '../../src/domain/changes/change';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { noteChange, showChange, tellClicker } from './change-report';
import { changeJobId, startChangeJob } from './engine';

/** Approve or Reject, by the approval rules: approvers only, never the requester, this plan, in time, once. */
export const decide: BackgroundProcessor<'change-decide'> = async (job, deps) => {
  const d = job.data;
  const change = await deps.stores.changes.get(d.id);
  if (!change) {
    await tellClicker(deps, d.responseUrl, UNKNOWN_CHANGE_ON_DECIDE);
    return { outcome: 'unknown' };
  }
  const now = deps.clock.now();
  if (change.state === 'approved' && change.approver === d.user) {
    // This click's own decision, recorded by an earlier run of this job that died before going on.
    await startChangeJob(deps, 'change-advance', { id: change.id }, changeJobId(change.id, 'start'));
  }
  if (change.state !== 'awaiting-approval') {
    await tellClicker(deps, d.responseUrl, alreadyDecided(change.state, change.approver));
    return { outcome: 'already-decided' };
  }
  const outcome = decideApproval({
    request: change,
    decider: d.user,
    deciderIsApprover: change.decidedBy === 'admin' ? d.isAdmin === true : d.isApprover,
    ...(change.decidedBy ? { decidedBy: change.decidedBy } : {}),
    presentedPlanHash: d.planHash,
    now,
  });
  if (!outcome.allowed) {
    await tellClicker(deps, d.responseUrl, decisionRefused(outcome.message));
    await deps.audit.append({
      at: now,
      user: d.user,
      channel: change.channel,
      command: change.title,
      outcome: `change ${d.decision} refused: ${outcome.reason}`,
      detail: `change ${change.id}`,
    });
    if (outcome.reason === 'expired') await expireNow(deps, change);
    return { outcome: outcome.reason };
  }
  const moved = await deps.stores.changes.move(change.id, d.decision, now, d.user);
  if (!moved.moved) {
    await tellClicker(deps, d.responseUrl, alreadyDecided(moved.found));
    return { outcome: 'already-decided' };
  }
  const next = d.decision === 'approve' ? 'approved' : 'rejected';
  await noteChange(deps, change, decidedNote(next, d.user), {
    user: d.user,
    jobId: changeJobId(change.id, 'decided'),
    outcome: next,
    ...(next === 'rejected' ? { report: rejectedReport(change, d.user) } : {}),
  });
  await showChange(deps, change.id);
  if (next === 'approved')
    await startChangeJob(deps, 'change-advance', { id: change.id }, changeJobId(change.id, 'start'));
  return { outcome: next };
};

async function expireNow(deps: CommandDeps, change: ChangeRecord): Promise<void> {
  const moved = await deps.stores.changes.move(change.id, 'expire', deps.clock.now());
  if (!moved.moved) return;
  await noteChange(deps, change, EXPIRED_NOTE, {
    jobId: changeJobId(change.id, 'expired'),
    outcome: 'expired',
    report: expiredReport(change),
  });
  await showChange(deps, change.id);
}

/** At the approval deadline: a change nobody decided expires, its buttons go and its target is free. */
export const expire: BackgroundProcessor<'change-expire'> = async (job, deps) => {
  const change = await deps.stores.changes.get(job.data.id);
  if (change?.state !== 'awaiting-approval') return { outcome: 'decided' };
  if (deps.clock.now() < change.expiresAt) return { outcome: 'not yet' };
  await expireNow(deps, change);
  return { outcome: 'expired' };
};
