import { countAlerts, countsText, liveSnoozes, snoozeOf } from '../../domain/alerts/alert-snooze';
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
    const live = liveSnoozes(row.snoozes, now);
    const tracked = Object.values(row.group?.alerts ?? {});
    const where = row.channels.map((c) => `<#${c}>`).join(', ');
    lines.push(
      `*${row.cluster}*: ${countsText(countAlerts(row.group, row.snoozes, now))} · alerts to ${where || 'no channel'}`,
    );
    for (const t of tracked) {
      const snooze = snoozeOf(t.alert, live);
      const ack = t.acknowledgedBy ? ` · acknowledged by <@${t.acknowledgedBy}>` : '';
      lines.push(
        snooze
          ? `• :zzz: ${t.alert.summary} snoozed until ${slackDate(snooze.until)} by <@${snooze.by}>`
          : `• *${t.alert.severity}* ${t.alert.summary} (since ${slackDate(t.since)}${ack})`,
      );
    }
    // Snoozes of incidents not firing now still hold should they return.
    for (const [key, s] of Object.entries(live).filter(([key]) => !row.group?.alerts[key])) {
      lines.push(`• :zzz: ${key} (not firing now) snoozed until ${slackDate(s.until)} by <@${s.by}>`);
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
