import type { AlertGroupState, Snoozes } from '../../domain/alerts/alert-state';
import { context, header, sectionsOfLines } from '../elements';
import { LIMITS, truncate } from '../limits';
import type { SlackMessage } from '../types';
import { slackDate } from './alert-message';

export interface ClusterAlerts {
  cluster: string;
  group?: AlertGroupState;
  snoozes: Snoozes;
  channels: string[];
}

/** `/hybrid alerts`: what fires and what is snoozed, per cluster, and where alerts go. */
export function alertsListMessage(rows: readonly ClusterAlerts[], now: number): SlackMessage {
  const lines: string[] = [];
  for (const row of rows) {
    const tracked = Object.values(row.group?.alerts ?? {});
    const firing = tracked.filter((t) => !row.snoozes[t.alert.key]);
    const snoozed = Object.entries(row.snoozes).filter(([, s]) => s.until > now);
    const where = row.channels.map((c) => `<#${c}>`).join(', ');
    lines.push(
      `*${row.cluster}*: ${firing.length} firing, ${snoozed.length} snoozed · alerts to ${where || 'no channel'}`,
    );
    for (const t of firing) {
      const ack = t.acknowledgedBy ? ` · acknowledged by <@${t.acknowledgedBy}>` : '';
      lines.push(`• *${t.alert.severity}* ${t.alert.summary} (since ${slackDate(t.since)}${ack})`);
    }
    for (const [key, s] of snoozed) {
      const summary = row.group?.alerts[key]?.alert.summary ?? `${key} (not firing now)`;
      lines.push(`• :zzz: ${summary} snoozed until ${slackDate(s.until)} by <@${s.by}>`);
    }
  }
  const text = lines.join('\n');
  return {
    text: truncate(text, LIMITS.fallbackText),
    blocks: [
      header('Alerts'),
      ...sectionsOfLines(lines).slice(0, LIMITS.blocksPerMessage - 2),
      context('Snooze or acknowledge from the alert message.'),
    ],
  };
}
