import { listSome } from '../doctor-check';
import { type Alert, severityRank } from './alert';
import { liveSnoozes, nodesSince, snoozeOf } from './alert-snooze';
import type { AlertGroupState, Snoozes, TrackedAlert } from './alert-state';

/** An alert as the message shows it. */
export interface AlertView extends TrackedAlert {
  snoozedUntil?: number;
  snoozedBy?: string;
}

export type DeliveryAction =
  /** A new message; `news` (on a re-post) says what is new since the previous one went quiet. */
  | { kind: 'post'; alerts: AlertView[]; news?: string[] }
  /**
   * `superseded`: the message was re-posted below; `unwatched`: why the bot stopped watching the
   * cluster. Either way it keeps no buttons.
   */
  | {
      kind: 'update';
      messageTs: string;
      alerts: AlertView[];
      resolved: boolean;
      superseded?: boolean;
      unwatched?: string;
    }
  | { kind: 'thread'; messageTs: string; text: string }
  | { kind: 'remind'; messageTs: string; alerts: AlertView[] };

export interface DeliveryPlan {
  actions: DeliveryAction[];
  /** Undefined once everything resolved: the next firing alert starts a new message. */
  next: AlertGroupState | undefined;
  snoozes: Snoozes;
}

export interface DeliveryInput {
  cluster: string;
  firing: readonly Alert[];
  state: AlertGroupState | undefined;
  snoozes: Snoozes;
  now: number;
  repeatIntervalSeconds: number;
}

const slackTime = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString().slice(0, 16)} UTC>`;

/**
 * Alertmanager-style delivery for one cluster: all firing alerts in one message, posted once,
 * updated (with a thread line) when the set or a severity changes, reminded at the repeat
 * interval, and marked resolved when nothing fires any more.
 */
export function planAlertDelivery(input: DeliveryInput): DeliveryPlan {
  const { state, now } = input;
  const snoozes = activeSnoozes(input);
  const previous = state?.alerts ?? {};
  const lines: string[] = [];
  /** What a person watching the channel must hear of although the message was snoozed. */
  const news: string[] = [];
  const alerts: Record<string, TrackedAlert> = {};

  for (const alert of [...input.firing].sort((a, b) => a.key.localeCompare(b.key))) {
    const before = previous[alert.key];
    const snooze = snoozeOf(alert, snoozes);
    const snoozed = snooze !== undefined;
    alerts[alert.key] = {
      alert,
      since: before?.since ?? now,
      ...(before?.acknowledgedBy ? { acknowledgedBy: before.acknowledgedBy } : {}),
      ...(snoozed ? { snoozed } : {}),
    };
    if (!before) {
      lines.push(`Firing${snoozed ? ' (snoozed)' : ''}: ${alert.summary}`);
      if (!snoozed) news.push(`New: ${alert.summary}`);
    } else if (before.alert.severity !== alert.severity) {
      lines.push(`Severity ${before.alert.severity} → ${alert.severity}: ${alert.summary}`);
    }
    if (before && Boolean(before.snoozed) !== snoozed) {
      if (snooze) lines.push(`Snoozed by <@${snooze.by}> until ${slackTime(snooze.until)}: ${alert.summary}`);
      else {
        const own = input.snoozes[alert.key];
        const since = own ? nodesSince(alert, own) : [];
        if (since.length > 0) {
          const what = `${listSome(since)} NotReady since the snooze`;
          lines.push(`Snooze ended, ${what}: ${alert.summary}`);
          news.push(`${what}: ${alert.summary}`);
        } else {
          lines.push(`Snooze ended: ${alert.summary}`);
          if (severityRank(alert.severity) > severityRank(before.alert.severity)) {
            news.push(`Now ${alert.severity}: ${alert.summary}`);
          }
        }
      }
    }
  }
  for (const [key, tracked] of Object.entries(previous)) {
    if (!alerts[key]) lines.push(`Resolved: ${tracked.alert.summary}`);
  }

  const views = Object.values(alerts).map((tracked) => viewOf(tracked, snoozes));
  const visible = views.filter((v) => !v.snoozed);
  const messageTs = state?.messageTs;

  if (views.length === 0) {
    // Nothing firing: close the message if there is one, and forget the group.
    const actions: DeliveryAction[] = messageTs
      ? [
          {
            kind: 'update',
            messageTs,
            alerts: Object.values(previous).map((t) => viewOf(t, {})),
            resolved: true,
          },
          { kind: 'thread', messageTs, text: lines.join('\n') || 'Resolved.' },
        ]
      : [];
    return { actions, next: undefined, snoozes };
  }

  const base = { cluster: input.cluster, alerts, lastNotifiedAt: state?.lastNotifiedAt ?? now };
  if (!messageTs) {
    // No message yet: post when something is visible; fully snoozed groups wait silently.
    if (visible.length === 0) return { actions: [], next: base, snoozes };
    return { actions: [{ kind: 'post', alerts: views }], next: { ...base, lastNotifiedAt: now }, snoozes };
  }

  const quiet = Object.values(previous).every((t) => t.snoozed);
  if (quiet && news.length > 0) {
    // Everything on the message was snoozed, so an edit or a thread line there would go unseen:
    // post the incident again, saying what is new, and point the old message at it.
    const fresh: AlertGroupState = { ...base, lastNotifiedAt: now };
    return {
      actions: [
        { kind: 'update', messageTs, alerts: views, resolved: false, superseded: true },
        {
          kind: 'thread',
          messageTs,
          text: [...lines, 'Posted again in the channel: not all of it is snoozed now.'].join('\n'),
        },
        { kind: 'post', alerts: views, news },
      ],
      next: fresh,
      snoozes,
    };
  }

  const next: AlertGroupState = { ...base, messageTs };
  if (lines.length > 0) {
    return {
      actions: [
        { kind: 'update', messageTs, alerts: views, resolved: false },
        { kind: 'thread', messageTs, text: lines.join('\n') },
      ],
      next: { ...next, lastNotifiedAt: now },
      snoozes,
    };
  }
  // Acknowledged alerts have an owner: remind only of the others.
  const unowned = visible.filter((v) => v.acknowledgedBy === undefined);
  if (unowned.length > 0 && now - next.lastNotifiedAt >= input.repeatIntervalSeconds * 1000) {
    return {
      actions: [{ kind: 'remind', messageTs, alerts: unowned }],
      next: { ...next, lastNotifiedAt: now },
      snoozes,
    };
  }
  return { actions: [], next, snoozes };
}

/**
 * Drops snoozes that ran out, whose alert rose in severity, or whose incident grew (a node outside
 * it went down); keeps those of alerts not firing now, so an incident that returns stays quiet.
 */
function activeSnoozes(input: DeliveryInput): Snoozes {
  const firing = new Map(input.firing.map((alert) => [alert.key, alert]));
  return Object.fromEntries(
    Object.entries(liveSnoozes(input.snoozes, input.now)).filter(([key, snooze]) => {
      const alert = firing.get(key);
      if (alert === undefined) return true;
      const rose = severityRank(alert.severity) > severityRank(snooze.severity);
      const grew =
        alert.nodes !== undefined && (snooze.nodes === undefined || nodesSince(alert, snooze).length > 0);
      return !rose && !grew;
    }),
  );
}

export function viewOf(tracked: TrackedAlert, snoozes: Snoozes): AlertView {
  const snooze = snoozeOf(tracked.alert, snoozes);
  return snooze
    ? { ...tracked, snoozed: true, snoozedUntil: snooze.until, snoozedBy: snooze.by }
    : { ...tracked };
}
