import type { ChangeRecord } from '../../domain/changes/change';
import { availableActions, type ChangeAction, describeState } from '../../domain/changes/change-state';
import { failedStep, groupsOf, type Progress, type StepRecord } from '../../domain/changes/journal';
import { durationWords } from '../../domain/duration-words';
import { counted, singular } from '../../domain/plural';
import { context, header, section, sectionsOfLines } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import type { SlackBlock, SlackMessage } from '../types';
import { groupTable, waveLines } from './group-table';

export const CHANGE_ACTIONS = {
  approve: 'change_approve',
  reject: 'change_reject',
  retry: 'change_retry',
  skip: 'change_skip',
  abort: 'change_abort',
  'roll-back': 'change_roll_back',
} as const;

export type ChangeButton = keyof typeof CHANGE_ACTIONS;

/** What a change button carries: the change, and what the clicker saw (plan hash or failed step). */
export interface ChangeButtonValue {
  id: string;
  planHash?: string;
  step?: string;
}

const STATE_ICONS: Record<ChangeRecord['state'], string> = {
  planned: ':memo:',
  'awaiting-approval': ':hourglass_flowing_sand:',
  approved: ':white_check_mark:',
  rejected: ':no_entry_sign:',
  expired: ':hourglass:',
  applying: ':gear:',
  paused: ':double_vertical_bar:',
  'rolling-back': ':leftwards_arrow_with_hook:',
  done: ':white_check_mark:',
  failed: ':x:',
  aborted: ':octagonal_sign:',
  'rolled-back': ':leftwards_arrow_with_hook:',
};

const STEP_ICONS: Record<StepRecord['state'], string> = {
  pending: ':white_small_square:',
  running: ':arrows_counterclockwise:',
  done: ':heavy_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
};

const DIFF_MARKS = { add: '+', remove: '-', change: '~', same: ' ' } as const;

/** An estimate means something only while steps run: not while paused, waiting or over. */
const MOVING: ReadonlySet<ChangeRecord['state']> = new Set(['applying', 'rolling-back']);

/** `7/20 nodes · 1 failed · eta 6 min`; no eta unless the change is moving (`state`, when known). */
export function progressLine(p: Progress, unit: string, state?: ChangeRecord['state']): string {
  const parts = [`${p.groupsDone}/${p.groups} ${p.groups === 1 ? singular(unit) : unit}`];
  if (p.running > 0) parts.push(`${p.running} running`);
  if (p.failed > 0) parts.push(`${p.failed} failed`);
  if (p.skipped > 0) parts.push(`${p.skipped} skipped`);
  const moving = state === undefined || MOVING.has(state);
  if (moving && p.etaMs !== undefined && p.groupsDone < p.groups) parts.push(`eta ${durationWords(p.etaMs)}`);
  return parts.join(' · ');
}

export function stepLine(s: StepRecord): string {
  const output = s.output ? `: ${s.output}` : '';
  return `${STEP_ICONS[s.state]} ${s.title}${output}`;
}

/**
 * The change's one message in its cluster channel, updated in place through its whole life:
 * what it does, who asked and who approved, where it stands, and the buttons valid now.
 */
export function changeMessage(
  change: ChangeRecord,
  steps: readonly StepRecord[],
  progress: Progress,
): SlackMessage {
  const blocks: SlackBlock[] = [header(`${change.title}`)];
  const who = [`requested by <@${change.requester}>`];
  if (change.approver) {
    who.push(`${change.state === 'rejected' ? 'rejected' : 'approved'} by <@${change.approver}>`);
  }
  blocks.push(
    section(`${STATE_ICONS[change.state]} *${capitalise(describeState(change.state))}* · ${who.join(' · ')}`),
  );
  blocks.push(...sectionsOfLines(change.summary.map((s) => `• ${s}`)));
  if (change.diff.length > 0) {
    const lines = change.diff.map((d) => `${DIFF_MARKS[d.op]} ${d.text}`).join('\n');
    blocks.push(section(`\`\`\`${lines}\`\`\``));
  }
  if (change.state !== 'awaiting-approval' && change.state !== 'rejected' && change.state !== 'expired') {
    blocks.push(section(`*Progress:* ${progressLine(progress, change.unit, change.state)}`));
    blocks.push(...sectionsOfLines(waveLines(steps, change.unit)));
    if (groupsOf(steps).size > 1) {
      blocks.push(...sectionsOfLines(groupTable(steps, change.unit)));
    } else {
      const recent = steps.filter((s) => s.state !== 'pending').slice(-5);
      if (recent.length > 0) blocks.push(...sectionsOfLines(recent.map(stepLine)));
    }
  }
  const failed = failedStep(steps);
  const actions = buttonActions(change, failed);
  if (change.state === 'paused' && failed) {
    blocks.push(
      section(
        `:warning: Paused at *${failed.title}*${failed.output ? `: ${failed.output}` : ''}. ${whatToPress(actions)}`,
      ),
    );
  }
  const note =
    change.state === 'awaiting-approval'
      ? `${change.decidedBy === 'admin' ? 'An admin' : 'An approver'} other than the requester decides · expires ${slackDate(change.expiresAt)} · plan \`${change.planHash.slice(0, 12)}\``
      : `plan \`${change.planHash.slice(0, 12)}\``;
  blocks.push(context(`Change ${change.id} · ${note} · details: \`/hybrid change show ${change.id}\``));
  const buttons = buttonsFor(change, failed, actions);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  return {
    text: `Change ${change.id}: ${change.title}: ${describeState(change.state)}`,
    blocks,
  };
}

/** The buttons a started change shows now, each with its label: the paused text names these. */
function buttonActions(
  change: ChangeRecord,
  failed: StepRecord | undefined,
): { action: ChangeAction; label: string }[] {
  if (change.state === 'awaiting-approval') return [];
  const labels: Record<ChangeAction, string> = {
    // A rollout resumes where it stopped: the step is tried again and the nodes after it follow.
    retry: failed?.skipsGroup ? 'Resume' : 'Retry step',
    skip: failed?.skipsGroup ? `Skip ${change.unit === 'nodes' ? 'node' : 'the rest'}` : 'Skip step',
    abort: 'Abort',
    'roll-back': 'Roll back',
  };
  return availableActions(change.state, {
    skippable: failed?.skippable ?? false,
    canRollBack: change.canRollBack,
  }).map((action) => ({ action, label: labels[action] }));
}

/** "Once the cause is fixed, press *Resume*; or *Skip node*, *Abort* or *Roll back*." */
function whatToPress(actions: readonly { action: ChangeAction; label: string }[]): string {
  const named = actions.map((a) => `*${a.label}*`);
  const or = (items: string[]) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
  if (actions[0]?.action === 'retry') {
    const rest = named.slice(1);
    return `Once the cause is fixed, press ${named[0]}${rest.length > 0 ? `; or ${or(rest)}` : ''}.`;
  }
  return named.length > 0 ? `Press ${or(named)}.` : '';
}

function buttonsFor(
  change: ChangeRecord,
  failed: StepRecord | undefined,
  actions: readonly { action: ChangeAction; label: string }[],
): SlackBlock[] {
  if (change.state === 'awaiting-approval') {
    const value: ChangeButtonValue = { id: change.id, planHash: change.planHash };
    return [button('approve', 'Approve', value, 'primary'), button('reject', 'Reject', value, 'danger')];
  }
  const value: ChangeButtonValue = { id: change.id, ...(failed ? { step: failed.key } : {}) };
  return actions.map(({ action: a, label }) =>
    button(a, label, value, a === 'retry' ? 'primary' : a === 'abort' ? 'danger' : undefined, a),
  );
}

function button(
  kind: ChangeButton,
  label: string,
  value: ChangeButtonValue,
  style?: 'primary' | 'danger',
  confirmFor?: ChangeAction,
): SlackBlock {
  return {
    type: 'button',
    action_id: CHANGE_ACTIONS[kind],
    text: { type: 'plain_text', text: label },
    value: JSON.stringify(value),
    ...(style ? { style } : {}),
    ...(confirmFor === 'abort' || confirmFor === 'skip'
      ? {
          confirm: {
            title: {
              type: 'plain_text',
              text: confirmFor === 'abort' ? 'Abort this change?' : 'Skip this step?',
            },
            text: {
              type: 'plain_text',
              text:
                confirmFor === 'abort'
                  ? 'No further step runs; what was done stays done.'
                  : 'The change goes on as if this step had succeeded.',
            },
            confirm: { type: 'plain_text', text: confirmFor === 'abort' ? 'Abort' : 'Skip' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        }
      : {}),
  };
}

function capitalise(s: string): string {
  return `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}

/** `/hybrid change show <id>`: every step with its state, times and output, and who did what. */
export function changeDetailsMessage(
  change: ChangeRecord,
  steps: readonly StepRecord[],
  events: ReadonlyArray<{ at: number; user?: string; text: string }>,
): SlackMessage {
  const stepLines = steps.map((s) => {
    const times = s.startedAt
      ? ` (${slackDate(s.startedAt)}${s.endedAt ? ` → ${slackDate(s.endedAt)}` : ''}, ${s.attempts} attempt${s.attempts === 1 ? '' : 's'})`
      : '';
    return `${stepLine(s)}${times}`;
  });
  const eventLines = events.map((e) => `${slackDate(e.at)} ${e.user ? `<@${e.user}> ` : ''}${e.text}`);
  return {
    text: `Change ${change.id}: ${change.title}`,
    blocks: [
      header(`Change ${change.id}: ${change.title}`),
      section(
        `${STATE_ICONS[change.state]} *${capitalise(describeState(change.state))}* · requested by <@${change.requester}>`,
      ),
      ...sectionsOfLines(['*Steps*', ...stepLines]).slice(0, 20),
      ...sectionsOfLines(['*History*', ...eventLines]).slice(0, 20),
    ],
  };
}

/** `/hybrid changes`: one line per change, newest first. */
export function changesListMessage(
  rows: ReadonlyArray<{ change: ChangeRecord; progress: Progress }>,
  filter: { cluster?: string; state?: string },
): SlackMessage {
  const scope = [filter.cluster && `cluster ${filter.cluster}`, filter.state && `state ${filter.state}`]
    .filter(Boolean)
    .join(', ');
  if (rows.length === 0) {
    const text = `No changes${scope ? ` (${scope})` : ''}. Changes start with commands such as \`/hybrid host deregister\`.`;
    return { text, blocks: [section(text)] };
  }
  const lines = rows.map(
    ({ change: c, progress }) =>
      `${STATE_ICONS[c.state]} *${c.id}* ${c.title} · ${describeState(c.state)} · ${progressLine(progress, c.unit, c.state)} · <@${c.requester}> ${slackDate(c.createdAt)}`,
  );
  return {
    text: `${counted(rows.length, 'change')}${scope ? ` (${scope})` : ''}`,
    blocks: [
      header(`Changes${scope ? ` (${scope})` : ''}`),
      ...sectionsOfLines(lines).slice(0, 45),
      context('`/hybrid change show <id>` for every step of one change'),
    ],
  };
}
