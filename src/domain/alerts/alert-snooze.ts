import { type Alert, severityRank } from './alert';
import type { AlertGroupState, Snooze, Snoozes } from './alert-state';

/** The snoozes that have not run out. */
export function liveSnoozes(snoozes: Snoozes, now: number): Snoozes {
  return Object.fromEntries(Object.entries(snoozes).filter(([, s]) => now < s.until));
}

const holds = (snooze: Snooze, alert: Pick<Alert, 'severity'>) =>
  severityRank(snooze.severity) >= severityRank(alert.severity);

/**
 * The snooze that silences this alert, if any. An alert about nodes is silenced only while every one
 * of its nodes was in a snoozed incident (its own, or a wider one such as its site's): a node that
 * went down later is news. Any other alert is silenced by a snooze of its own key.
 */
export function snoozeOf(
  alert: Pick<Alert, 'key' | 'severity' | 'nodes'>,
  snoozes: Snoozes,
): Snooze | undefined {
  const own = Object.hasOwn(snoozes, alert.key) ? snoozes[alert.key] : undefined;
  if (alert.nodes === undefined || alert.nodes.length === 0) {
    return own && own.nodes === undefined && holds(own, alert) ? own : undefined;
  }
  const covering = Object.values(snoozes).filter((s) => s.nodes !== undefined && holds(s, alert));
  if (covering.length === 0) return undefined;
  const covered = new Set(covering.flatMap((s) => s.nodes ?? []));
  if (!alert.nodes.every((n) => covered.has(n.name))) return undefined;
  return own && covering.includes(own)
    ? own
    : covering.find((s) => s.nodes?.includes(alert.nodes?.[0]?.name ?? ''));
}

/** The nodes of an alert that its own snooze did not cover: what went down since it was snoozed. */
export function nodesSince(alert: Pick<Alert, 'nodes'>, snooze: Snooze): string[] {
  if (snooze.nodes === undefined) return [];
  const before = new Set(snooze.nodes ?? []);
  return (alert.nodes ?? []).filter((n) => !before.has(n.name)).map((n) => n.label);
}

/**
 * Lifts the snooze of one alert at once: its own, and its nodes from any wider snooze that covered
 * them (the rest of that incident stays snoozed).
 */
export function unsnoozeAlert(snoozes: Snoozes, alert: Pick<Alert, 'key' | 'nodes'>): Snoozes {
  const names = new Set((alert.nodes ?? []).map((n) => n.name));
  const next: Snoozes = {};
  for (const [key, snooze] of Object.entries(snoozes)) {
    if (key === alert.key) continue;
    if (snooze.nodes === undefined || !snooze.nodes.some((n) => names.has(n))) {
      next[key] = snooze;
      continue;
    }
    const nodes = snooze.nodes.filter((n) => !names.has(n));
    if (nodes.length > 0) next[key] = { ...snooze, nodes };
  }
  return next;
}

export interface AlertCounts {
  /** Every alert whose condition holds, snoozed or not. */
  firing: number;
  snoozed: number;
}

/** How many alerts of a group fire and how many of those are snoozed now. */
export function countAlerts(group: AlertGroupState | undefined, snoozes: Snoozes, now: number): AlertCounts {
  const live = liveSnoozes(snoozes, now);
  const alerts = Object.values(group?.alerts ?? {});
  return {
    firing: alerts.length,
    snoozed: alerts.filter((t) => snoozeOf(t.alert, live) !== undefined).length,
  };
}

/** "3 firing · 1 snoozed", "1 firing", or "no alerts firing". */
export function countsText(counts: AlertCounts): string {
  if (counts.firing === 0) return 'no alerts firing';
  return `${counts.firing} firing${counts.snoozed > 0 ? ` · ${counts.snoozed} snoozed` : ''}`;
}
