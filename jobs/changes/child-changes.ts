import type { ChangeRecord } from '../../src/domain/changes/change';
import { newJournal } from '../../src/domain/changes/journal';
import type { PlannedChange } from '../../src/domain/changes/planner';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';
import { noteChange, showChange } from './change-report';
import { changeJobId, startChangeJob } from './engine';
import { newChangeOf } from './propose-change';

/**
 * A change another change starts (a fleet's pool): recorded once per `key`, approved by the
 * parent's approver (its plan is part of the parent's, which they approved), shown in `channel` and
 * started. Its end tells the parent's step `step` (see tellParent). A held target is a conflict.
 */
export async function startChildChange<P>(
  deps: CommandDeps,
  parent: ChangeRecord,
  child: { key: string; planned: PlannedChange<P>; channel: string; step: string },
): Promise<string> {
  const result = await deps.stores.changes.create(
    child.key,
    newChangeOf(deps, child.planned, {
      requester: parent.requester,
      channel: child.channel,
      parent: { id: parent.id, step: child.step },
    }),
    newJournal(child.planned.steps),
  );
  if (result.outcome === 'locked') {
    throw new BotError(
      ErrorCode.Conflict,
      `${child.planned.title}: its target is held by change ${result.lock.changeId}. Let it end, then Retry; or Skip.`,
    );
  }
  const record = await deps.stores.changes.get(result.id);
  if (record?.state === 'awaiting-approval') {
    const moved = await deps.stores.changes.move(result.id, 'approve', deps.clock.now(), parent.approver);
    if (moved.moved) {
      await noteChange(
        deps,
        record,
        `:white_check_mark: Approved with change ${parent.id} by <@${parent.approver}>.`,
        {
          ...(parent.approver ? { user: parent.approver } : {}),
          jobId: changeJobId(result.id, 'decided'),
          outcome: 'approved',
        },
      );
    }
  }
  await showChange(deps, result.id);
  await startChangeJob(deps, 'change-advance', { id: result.id }, changeJobId(result.id, 'start'));
  return result.id;
}

/** Stops a child change with its parent: the step under way finishes, no other starts. False when it was over. */
export async function abortChildChange(
  deps: CommandDeps,
  id: string,
  parent: ChangeRecord,
): Promise<boolean> {
  const moved = await deps.stores.changes.move(id, 'abort', deps.clock.now());
  if (!moved.moved) return false;
  const child = await deps.stores.changes.get(id);
  if (child) {
    await noteChange(
      deps,
      child,
      `:octagonal_sign: Aborted with change ${parent.id}: the step under way finishes; no other starts.`,
      { jobId: changeJobId(id, 'aborted'), outcome: 'aborted' },
    );
    await showChange(deps, id);
  }
  return true;
}
