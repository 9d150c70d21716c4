import { type DeliveryAction, viewOf } from './alert-delivery';
import { liveSnoozes, snoozeOf, unsnoozeAlert } from './alert-snooze';
import type { AlertGroupState, Snoozes, TrackedAlert } from './alert-state';

export type UnsnoozeResult =
  | { ok: true; state: AlertGroupState; snoozes: Snoozes; actions: DeliveryAction[] }
  | { ok: false; message: string };

/** Lifts the snooze of one firing alert at once, shows it on the message and says who in the thread. */
export function unsnoozeFiringAlert(
  state: AlertGroupState | undefined,
  key: string,
  by: string,
  snoozes: Snoozes,
  now: number,
): UnsnoozeResult {
  const tracked = state?.alerts[key];
  if (state === undefined || tracked === undefined) {
    return { ok: false, message: 'This alert is no longer firing: nothing to unsnooze.' };
  }
  const live = liveSnoozes(snoozes, now);
  if (snoozeOf(tracked.alert, live) === undefined) {
    return { ok: false, message: 'This alert is not snoozed.' };
  }
  const next = unsnoozeAlert(live, tracked.alert);
  const alerts: Record<string, TrackedAlert> = {};
  for (const [k, t] of Object.entries(state.alerts)) {
    const { snoozed: _was, ...rest } = t;
    alerts[k] = snoozeOf(t.alert, next) ? { ...rest, snoozed: true } : rest;
  }
  const updated: AlertGroupState = { ...state, alerts };
  const { messageTs } = updated;
  const actions: DeliveryAction[] = messageTs
    ? [
        {
          kind: 'update',
          messageTs,
          alerts: Object.values(alerts).map((t) => viewOf(t, next)),
          resolved: false,
        },
        { kind: 'thread', messageTs, text: `Unsnoozed by <@${by}>: ${tracked.alert.summary}` },
      ]
    : [];
  return { ok: true, state: updated, snoozes: next, actions };
}
