import type { Alert, Severity } from './alert';

/** What the bot remembers about one cluster's alert message, stored between evaluations. */
export interface AlertGroupState {
  cluster: string;
  /** Slack ts of the group message, once posted. */
  messageTs?: string;
  /** Every firing alert, snoozed or not, by key. */
  alerts: Record<string, TrackedAlert>;
  /** Epoch ms of the last post, change or reminder. */
  lastNotifiedAt: number;
}

export interface TrackedAlert {
  alert: Alert;
  /** Epoch ms when it started firing. */
  since: number;
  acknowledgedBy?: string;
  /** Whether the message shows it snoozed (so a change of snooze is noticed). */
  snoozed?: boolean;
}

export interface Snooze {
  /** Epoch ms. */
  until: number;
  by: string;
  /** The severity when snoozed: a higher one ends the snooze early. */
  severity: Severity;
  /**
   * The NotReady nodes of the incident when it was snoozed, by node name: the snooze silences them,
   * and only them. Absent for alerts about no node (the agent, the CNI, a pool).
   */
  nodes?: string[];
}

export type Snoozes = Record<string, Snooze>;

export const SNOOZE_CHOICES_SECONDS = [3600, 14_400, 86_400] as const;
export type SnoozeSeconds = (typeof SNOOZE_CHOICES_SECONDS)[number];

/** Silences one alert, and the nodes it is about as it stands, for 1 h, 4 h or 24 h. */
export function snoozeAlert(
  snoozes: Snoozes,
  alert: Pick<Alert, 'key' | 'severity' | 'nodes'>,
  by: string,
  seconds: SnoozeSeconds,
  now: number,
): Snoozes {
  const snooze: Snooze = { until: now + seconds * 1000, by, severity: alert.severity };
  if (alert.nodes !== undefined) snooze.nodes = alert.nodes.map((n) => n.name);
  return { ...snoozes, [alert.key]: snooze };
}

/** Records the message once posted, so later changes update it rather than post again. */
export function withMessageTs(state: AlertGroupState, ts: string): AlertGroupState {
  return { ...state, messageTs: ts };
}
