import type { Severity } from '../../domain/alerts/alert';
import type { AlertView } from '../../domain/alerts/alert-delivery';
import type { SnoozeSeconds } from '../../domain/alerts/alert-state';
import { context, header, section } from '../elements';
import { LIMITS, truncate } from '../limits';
import type { SlackBlock, SlackMessage } from '../types';

export const ALERT_ACK_ACTION = 'alert_ack';
export const ALERT_UNSNOOZE_ACTION = 'alert_unsnooze';
export const ALERT_DIAGNOSE_ACTION = 'alert_diagnose';
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
        ? [button(ALERT_UNSNOOZE_ACTION, 'Unsnooze')]
        : Object.entries(ALERT_SNOOZE_ACTIONS).map(([id, s]) => button(id, `Snooze ${s / 3600} h`))),
      ...(v.alert.diagnosable ? [button(ALERT_DIAGNOSE_ACTION, 'Diagnose again')] : []),
    ],
  };
}

/**
 * How a group message stands: live, resolved, re-posted further down the channel, or left when the
 * bot stopped watching the cluster.
 */
export type AlertMessageState = 'firing' | 'resolved' | 'superseded' | 'unwatched';

function titleOf(cluster: string, alerts: readonly AlertView[], state: AlertMessageState): string {
  if (state === 'resolved') return `Resolved on ${cluster}`;
  if (state === 'unwatched') return `No longer watched: ${cluster}`;
  const snoozed = alerts.filter((v) => v.snoozed).length;
  const counts = `${alerts.length} alert${alerts.length === 1 ? '' : 's'} firing on ${cluster}${snoozed > 0 ? ` · ${snoozed} snoozed` : ''}`;
  return state === 'superseded' ? `Posted again below: ${counts}` : counts;
}

/**
 * One cluster's alert message: every firing alert with its buttons, or all of them resolved. `news`
 * says, on a re-post, what is new since the previous message went quiet.
 */
export function alertGroupMessage(
  cluster: string,
  alerts: readonly AlertView[],
  state: AlertMessageState,
  news: readonly string[] = [],
  /** With `unwatched`: why the bot stopped watching. */
  why?: string,
): SlackMessage {
  const resolved = state === 'resolved';
  const live = state === 'firing';
  const unwatched = state === 'unwatched';
  const title = titleOf(cluster, alerts, state);
  const newsText = news.length > 0 ? truncate(news.map((n) => `:new: ${n}`).join('\n'), 2900) : undefined;
  // Each alert takes two blocks; the header, the footer and any news one each.
  const shown = alerts.slice(0, Math.floor((LIMITS.blocksPerMessage - 2 - (newsText ? 1 : 0)) / 2));
  const icon = resolved ? '✅' : live ? '🚨' : unwatched ? '⏹️' : '↪️';
  const blocks: SlackBlock[] = [header(`${icon} ${title}`)];
  if (newsText) blocks.push(section(newsText));
  shown.forEach((v, i) => {
    blocks.push(section(resolved ? `~${v.alert.summary}~` : alertText(v)));
    if (live) blocks.push(buttons(v, i));
  });
  const more = alerts.length - shown.length;
  const footer = resolved
    ? 'Nothing firing any more.'
    : live
      ? 'Changes are updated here and noted in the thread.'
      : unwatched
        ? `Firing at the last sweep; ${why ?? 'the bot no longer watches this cluster'}, so nothing updates or resolves them here.`
        : 'Something new fired while all of this was snoozed: see the message posted since.';
  // A cluster no longer watched has no `/hybrid alerts` to point at.
  const pointer = unwatched ? '' : ` \`/hybrid alerts ${cluster}\``;
  blocks.push(context(`${more > 0 ? `and ${more} more · ` : ''}${footer}${pointer}`));
  const lines = alerts.map(
    (v) =>
      `${resolved ? 'resolved' : v.snoozed ? `${v.alert.severity}, snoozed` : v.alert.severity}: ${v.alert.summary}`,
  );
  if (unwatched && why) lines.unshift(`Reason: ${why}.`);
  return { text: truncate([title, ...news, ...lines].join('\n'), LIMITS.fallbackText), blocks };
}

/** The repeat-interval reminder of alerts still firing and owned by nobody. */
export function alertReminderMessage(cluster: string, alerts: readonly AlertView[]): SlackMessage {
  const lines = alerts.map(
    (v) => `${ICON[v.alert.severity]} ${v.alert.summary} (since ${slackDate(v.since)})`,
  );
  const text = `Still firing on ${cluster}, not acknowledged:\n${lines.join('\n')}`;
  return { text: truncate(text, LIMITS.fallbackText), blocks: [section(text)] };
}
