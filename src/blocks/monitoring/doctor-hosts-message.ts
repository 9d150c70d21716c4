import type { HostProblem } from '../../domain/host-facts/host-fact-rules';
import { counted } from '../../domain/plural';
import { context, header, section, sectionsOfLines } from '../elements';
import { LIMITS } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';

export interface DoctorHostsReport {
  cluster: string;
  /** Hosts whose facts this run read. */
  read: number;
  /** Hosts the commands went to. */
  sent: number;
  commands: number;
  problems: readonly HostProblem[];
  /** `name (mi-…)` of hosts whose agent is not Online: nothing was sent to them. */
  unreachable: readonly string[];
  /** `name (mi-…)` of hosts whose command failed or did not finish in time. */
  unanswered: readonly string[];
  checkedAt: number;
}

/** How many hosts a "not reached" line names before it says how many more. */
const NAMED = 20;

function names(list: readonly string[]): string {
  const shown = list.slice(0, NAMED).map(escapeMrkdwn).join(', ');
  return list.length > NAMED ? `${shown} and ${list.length - NAMED} more` : shown;
}

/** `/hybrid doctor <cluster> --hosts`: one line per problem, naming host and site; then who could not be read. */
export function doctorHostsMessage(r: DoctorHostsReport): SlackMessage {
  const total = r.sent + r.unreachable.length;
  const parts = [`${r.read} read through ${counted(r.commands, 'Run Command')}`];
  if (r.unreachable.length > 0) parts.push(`${r.unreachable.length} unreachable`);
  if (r.unanswered.length > 0) parts.push(`${r.unanswered.length} not answering`);
  const summary = `Host facts for ${r.cluster}: ${counted(r.problems.length, 'problem')} on ${counted(total, 'SSM host')} (${parts.join(', ')}).`;
  const lines = r.problems.map(
    (p) =>
      `:x: *${escapeMrkdwn(p.host)}*${p.site ? ` at ${escapeMrkdwn(p.site)}` : ''}: ${escapeMrkdwn(p.problem)} _Fix:_ ${escapeMrkdwn(p.fix)}`,
  );
  const notes: string[] = [];
  if (r.unreachable.length > 0) {
    notes.push(
      `:warning: Unreachable (SSM agent not Online; nothing sent): ${names(r.unreachable)}. Check power and network at their sites.`,
    );
  }
  if (r.unanswered.length > 0) {
    notes.push(
      `:warning: No facts from ${names(r.unanswered)}: the command failed or did not finish in time. \`/hybrid doctor ${r.cluster} --hosts\` asks them again.`,
    );
  }
  if (total === 0) notes.push(`No SSM hosts are registered for ${r.cluster}.`);
  // The notes first: short, and what a reader must not miss under a long list.
  const body = sectionsOfLines([...notes, ...lines]);
  const room = LIMITS.blocksPerMessage - 4;
  const kept = body.slice(0, room);
  if (body.length > room) {
    const shown = kept.reduce((n, b) => n + String((b.text as { text?: string }).text).split('\n').length, 0);
    kept.push(
      section(
        `_${counted(notes.length + lines.length - shown, 'more line')} not shown: fix these first, then ask again._`,
      ),
    );
  }
  const blocks = [
    header(`Host facts: ${r.cluster}`),
    section(escapeMrkdwn(summary)),
    ...kept,
    context(
      `Read <!date^${Math.floor(r.checkedAt / 1000)}^{date_short_pretty} {time}|${new Date(r.checkedAt).toISOString()}>`,
    ),
  ];
  const text = [summary, ...r.problems.map((p) => `${p.host}: ${p.problem}`)]
    .join('\n')
    .slice(0, LIMITS.fallbackText);
  return { text, blocks };
}
