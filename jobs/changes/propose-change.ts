import { askedReport } from '../../src/blocks/changes/change-report-notes';
import { section } from '../../src/blocks/elements';
import { planHash } from '../../src/domain/approvals';
import type { NewChange, ReportThread } from '../../src/domain/changes/change';
import { newJournal } from '../../src/domain/changes/journal';
import type { PlannedChange } from '../../src/domain/changes/planner';
import { lockCollisionMessage } from '../../src/domain/changes/target-lock';
import type { CommandDeps } from '../job-context';
import { ReportedFailure } from '../reported-failure';
import { reportInThread, showChange } from './change-report';
import { askedNoteId, changeJobId, lockedNoteId, scheduleChangeExpiry } from './engine';

export interface Proposal<P> {
  planned: PlannedChange<P>;
  requester: string;
  /** The cluster's channel: the change's message lives there. */
  channel: string;
  /** Derived from the Slack request: a retried job proposes once. */
  requestKey: string;
  responseUrl?: string;
  /** Another thread that hears when the change is asked for and how it ends (an alert's). */
  reportThread?: ReportThread;
  /** Other channels that show the change's message too (a fleet's other clusters'). */
  mirrors?: string[];
}

/** The record of a planned change, as it is stored before anyone decides. */
export function newChangeOf<P>(
  deps: Pick<CommandDeps, 'clock' | 'config'>,
  planned: PlannedChange<P>,
  who: {
    requester: string;
    channel: string;
    parent?: NewChange['parent'];
    reportThread?: NewChange['reportThread'];
    mirrors?: string[];
  },
): NewChange {
  const now = deps.clock.now();
  return {
    kind: planned.kind,
    target: planned.target,
    requester: who.requester,
    channel: who.channel,
    title: planned.title,
    summary: planned.summary,
    diff: planned.diff,
    plan: planned.plan,
    planHash: planHash(planned.plan),
    maxParallel: planned.maxParallel,
    unit: planned.unit,
    canRollBack: planned.canRollBack,
    ...(planned.onFailure === 'continue' ? { onFailure: 'continue' as const } : {}),
    ...(planned.decidedBy ? { decidedBy: planned.decidedBy } : {}),
    ...(who.parent ? { parent: who.parent } : {}),
    ...(who.reportThread ? { reportThread: who.reportThread } : {}),
    ...(who.mirrors?.length ? { mirrors: who.mirrors } : {}),
    createdAt: now,
    expiresAt: now + deps.config.approvalTtlMinutes * 60_000,
  };
}

/**
 * Records a planned change and asks for approval in the cluster channel. One change holds a
 * target at a time: a collision tells the requester who holds it, and records nothing.
 */
export async function proposeChange<P>(deps: CommandDeps, p: Proposal<P>): Promise<string> {
  const now = deps.clock.now();
  const { planned } = p;
  const result = await deps.stores.changes.create(
    p.requestKey,
    newChangeOf(deps, planned, {
      requester: p.requester,
      channel: p.channel,
      ...(p.reportThread ? { reportThread: p.reportThread } : {}),
      ...(p.mirrors ? { mirrors: p.mirrors } : {}),
    }),
    newJournal(planned.steps),
  );
  if (result.outcome === 'locked') {
    // The collision names the holder with a mention, so it is sent as written rather than escaped.
    const text = `:no_entry: ${lockCollisionMessage(result.lock, now)}`;
    await deps.outbox.send(
      p.responseUrl
        ? {
            kind: 'respond',
            responseUrl: p.responseUrl,
            responseType: 'ephemeral',
            text,
            blocks: [section(text)],
          }
        : { kind: 'post', channel: p.requester, text, blocks: [section(text)] },
      { jobId: lockedNoteId(p.requestKey) },
    );
    throw new ReportedFailure(`${planned.title}: the target is held by change ${result.lock.changeId}`);
  }
  const { id } = result;
  const change = await showChange(deps, id);
  if (result.outcome === 'created' && change) {
    await deps.stores.changes.addEvent(id, { at: now, user: p.requester, text: 'asked for approval' });
    await deps.audit.append({
      at: now,
      user: p.requester,
      channel: p.channel,
      command: planned.title,
      outcome: 'change requested',
      detail: `change ${id}, plan ${change.planHash.slice(0, 12)}`,
    });
  }
  // The request itself stays in the cluster's channel, with every other change an approver decides.
  if (change?.reportThread) {
    await reportInThread(deps, change.reportThread, askedReport(change), changeJobId(id, 'asked-report'));
  }
  if (p.responseUrl) {
    const text = `:hourglass_flowing_sand: Change ${id} asks for approval in <#${p.channel}>: ${planned.title}. ${planned.decidedBy === 'admin' ? 'An admin' : 'An approver'} other than you must approve it.`;
    await deps.outbox.send(
      { kind: 'respond', responseUrl: p.responseUrl, text, blocks: [section(text)] },
      { jobId: askedNoteId(id) },
    );
  }
  await scheduleChangeExpiry(deps, id, Math.max(0, (change?.expiresAt ?? now) - now));
  return id;
}
