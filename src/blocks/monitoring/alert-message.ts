import type { Severity } from '../../domain/alerts/alert';
import type { AlertView } from '../../domain/alerts/alert-delivery';
import type { SnoozeSeconds } from '../../domain/alerts/alert-state';
import { context, header, section } from '../elements';
import { LIMITS, truncate } from '../limits';
import type { SlackBlock, SlackMessage } from '../types';

export const ALERT_ACK_ACTION = 'alert_ack';
/** Snooze buttons: action ID → seconds. */
export const ALERT_SNOOZE_ACTIONS: Record<string, SnoozeSeconds> = {
  alert_snooze_1h: 3600,
  alert_snooze_4h: 14_400,
  alert_snooze_24h: 86_400,
};

const ICON: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

export const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString().slice(0, 16)} UTC>`;

function alertText(v: AlertView): string {
  const notes = [
    `since ${slackDate(v.since)}`,
    ...(v.acknowledgedBy ? [`acknowledged by <@${v.acknowledgedBy}>`] : []),
    ...(v.snoozed && v.snoozedUntil
      ? [`snoozed until ${slackDate(v.snoozedUntil)} by <@${v.snoozedBy}>`]
      : []),
  ];
  // Who owns it comes before the details, so a long explanation never cuts it off.
  const summary = `${ICON[v.alert.severity]} *${v.alert.severity.toUpperCase()}* ${truncate(v.alert.summary, 1000)}`;
  return `${summary}\n_${notes.join(' · ')}_\n${v.alert.details}`;
}

function buttons(v: AlertView, index: number): SlackBlock {
  const value = truncate(v.alert.key, LIMITS.buttonValue);
  const button = (action_id: string, text: string) => ({
    type: 'button',
    action_id,
    value,
    text: { type: 'plain_text', text },
  });
  return {
    type: 'actions',
    block_id: `alert-${index}`,
    elements: [
      ...(v.acknowledgedBy ? [] : [button(ALERT_ACK_ACTION, 'Acknowledge')]),
      ...(v.snoozed
        ? []
        : Object.entries(ALERT_SNOOZE_ACTIONS).map(([id, s]) => button(id, `Snooze ${s / 3600} h`))),
    ],
  };
}

/** One cluster's alert message: every firing alert with its buttons, or all of them resolved. */
export function alertGroupMessage(
  cluster: string,
  alerts: readonly AlertView[],
  resolved: boolean,
): SlackMessage {
  const title = resolved
    ? `Resolved on ${cluster}`
    : `${alerts.length} alert${alerts.length === 1 ? '' : 's'} firing on ${cluster}`;
  // Each alert takes two blocks; the header and the footer two more.
  const shown = alerts.slice(0, Math.floor((LIMITS.blocksPerMessage - 2) / 2));
  const blocks: SlackBlock[] = [header(`${resolved ? '✅' : '🚨'} ${title}`)];
  shown.forEach((v, i) => {
    blocks.push(section(resolved ? `~${v.alert.summary}~` : alertText(v)));
    if (!resolved && (!v.acknowledgedBy || !v.snoozed)) blocks.push(buttons(v, i));
  });
  const more = alerts.length - shown.length;
  blocks.push(
    context(
      `${more > 0 ? `and ${more} more · ` : ''}${resolved ? 'Nothing firing any more.' : 'Changes are updated here and noted in the thread.'} \`/hybrid alerts ${cluster}\``,
    ),
  );
  const lines = alerts.map((v) => `${resolved ? 'resolved' : v.alert.severity}: ${v.alert.summary}`);
  return { text: truncate([title, ...lines].join('\n'), LIMITS.fallbackText), blocks };
}

/** The repeat-interval reminder of alerts still firing and owned by nobody. */
export function alertReminderMessage(cluster: string, alerts: readonly AlertView[]): SlackMessage {
  const lines = alerts.map(
    (v) => `${ICON[v.alert.severity]} ${v.alert.summary} (since ${slackDate(v.since)})`,
  );
  const text = `Still firing on ${cluster}, not acknowledged:\n${lines.join('\n')}`;
  return { text: truncate(text, LIMITS.fallbackText), blocks: [section(text)] };
}
