import type { ChangeRecord } from '../../domain/changes/change';
import { describeState } from '../../domain/changes/change-state';
import type { Progress } from '../../domain/changes/journal';
import { counted } from '../../domain/plural';
import { progressLine } from '../changes/change-message';
import { context, header, section, sectionsOfLines } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import type { SlackMessage } from '../types';

/** `/hybrid fleets`: each fleet rollout on one line, newest first. */
export function fleetsListMessage(
  rows: ReadonlyArray<{ change: ChangeRecord; progress: Progress }>,
): SlackMessage {
  if (rows.length === 0) {
    const text =
      'No fleet rollouts yet. Start one with `/hybrid fleet upgrade --profile <name>@<version>`: every pool still on an older version, in waves.';
    return { text, blocks: [section(text)] };
  }
  const lines = rows.map(
    ({ change: c, progress }) =>
      `*${c.id}* ${c.title} · ${describeState(c.state)} · ${progressLine(progress, c.unit, c.state)} · <@${c.requester}> ${slackDate(c.createdAt)}`,
  );
  return {
    text: counted(rows.length, 'fleet rollout'),
    blocks: [
      header('Fleet rollouts'),
      ...sectionsOfLines(lines).slice(0, 45),
      context('`/hybrid fleet show <id>` for every wave and pool of one'),
    ],
  };
}
