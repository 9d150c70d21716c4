import { changeMessage } from '../../src/blocks/changes/change-message';
import { section } from '../../src/blocks/elements';
import type { ChangeRecord, ReportThread } from '../../src/domain/changes/change';
import { progressOf } from '../../src/domain/changes/journal';
import type { CommandDeps } from '../job-context';
import { changeJobId, startChangeJob } from './engine';

/** The slot of the change's one message: the outbox keeps its newest version. */
export const changeSlot = (id: string) => changeJobId(id);

/** The slot of the change's message in another channel that mirrors it. */
const mirrorSlot = (id: string, channel: string) => changeJobId(id, 'in', channel);

/** Redraws the change's one message from what the store holds now (the outbox keeps the newest). */
export async function showChange(deps: CommandDeps, id: string): Promise<ChangeRecord | undefined> {
  // Numbered before reading: two redraws racing never leave the older reading on top.
  const seq = await deps.outbox.reserveVersion(changeSlot(id));
  const change = await deps.stores.changes.get(id);
  if (!change) return undefined;
  const steps = await deps.stores.changes.steps(id);
  const message = changeMessage(change, steps, progressOf(steps, change.maxParallel));
  await deps.outbox.send({ kind: 'post', channel: change.channel, slot: changeSlot(id), seq, ...message });
  for (const channel of change.mirrors ?? []) {
    const slot = mirrorSlot(id, channel);
    await deps.outbox.send({
      kind: 'post',
      channel,
      slot,
      seq: await deps.outbox.reserveVersion(slot),
      ...message,
    });
  }
  return change;
}

/** Progress redraws coalesce into one per this many milliseconds of a change, per channel it shows in. */
export const REDRAW_MS = 1000;

/**
 * Redraws the change's message shortly: every step start and end asks for one, and the message can
 * only move at Slack's pace for chat.update, so the asks of one moment share a single redraw (the
 * job ID names the moment). A redraw reads the whole journal: doing it once per moment rather than
 * twice per step keeps it off the path between a node's steps. A change shown in several channels
 * (a fleet's mirrors) redraws that much less often: every copy is a chat.update, and Slack allows
 * about one a second to the whole workspace, so its redraws cost the same however many clusters it spans.
 */
export async function showChangeSoon(
  deps: CommandDeps,
  change: Pick<ChangeRecord, 'id' | 'mirrors'>,
): Promise<void> {
  const { id } = change;
  const every = REDRAW_MS * (1 + (change.mirrors?.length ?? 0));
  const now = Date.now();
  const at = (Math.floor(now / every) + 1) * every;
  // This process asked for this moment's redraw already: another ask would add nothing.
  if (redrawsAsked.get(id) === at) return;
  await startChangeJob(deps, 'change-show', { id }, changeJobId(id, 'show', at), { delayMs: at - now });
  redrawsAsked.set(id, at);
  if (redrawsAsked.size > 1000) redrawsAsked.delete(redrawsAsked.keys().next().value as string);
}

/** The redraw moment last asked for, by change, in this process. */
const redrawsAsked = new Map<string, number>();

/**
 * Records what happened in the change's history, its thread and the audit trail. `jobId` keys the
 * thread post, so a job that runs again after a crash says it once. `report` is what the thread the
 * change reports to (if any) hears of it, keyed the same way. The posts go first: a note in the
 * history was posted too, so a run after a crash can tell by the history whether to say it again.
 */
export async function noteChange(
  deps: CommandDeps,
  change: ChangeRecord,
  text: string,
  opts: { user?: string; jobId: string; outcome: string; report?: string },
): Promise<void> {
  const at = deps.clock.now();
  await deps.outbox.send(
    {
      kind: 'post',
      channel: change.channel,
      threadOfSlot: changeSlot(change.id),
      text,
      blocks: [section(text)],
    },
    { jobId: opts.jobId },
  );
  if (opts.report && change.reportThread) {
    await reportInThread(deps, change.reportThread, opts.report, `${opts.jobId}-report`);
  }
  await deps.stores.changes.addEvent(change.id, { at, text, ...(opts.user ? { user: opts.user } : {}) });
  await deps.audit.append({
    at,
    user: opts.user ?? change.requester,
    channel: change.channel,
    command: change.title,
    outcome: `change ${opts.outcome}`,
    detail: `change ${change.id}`,
  });
}

/** A line in the thread a change reports to; `jobId` keys it, so a job run again posts it once. */
export async function reportInThread(
  deps: Pick<CommandDeps, 'outbox'>,
  thread: ReportThread,
  text: string,
  jobId: string,
): Promise<void> {
  await deps.outbox.send(
    { kind: 'post', channel: thread.channel, threadOfSlot: thread.slot, text, blocks: [section(text)] },
    { jobId },
  );
}

/** An answer only the clicker sees. */
export async function tellClicker(
  deps: CommandDeps,
  responseUrl: string | undefined,
  text: string,
): Promise<void> {
  if (!responseUrl) return;
  await deps.outbox.send({
    kind: 'respond',
    responseUrl,
    responseType: 'ephemeral',
    replaceOriginal: false,
    text,
    blocks: [section(text)],
  });
}
