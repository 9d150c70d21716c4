import { type AlertView, type DeliveryAction, viewOf } from './alert-delivery';
import type { AlertGroupState, Snoozes } from './alert-state';

export type AcknowledgeResult =
  | { ok: true; state: AlertGroupState; actions: DeliveryAction[] }
  | { ok: false; message: string };

/** Records who acknowledged an alert and shows it on the message; refused once the alert stopped firing. */
export function acknowledgeAlert(
  state: AlertGroupState | undefined,
  key: string,
  by: string,
  snoozes: Snoozes,
): AcknowledgeResult {
  const tracked = state?.alerts[key];
  if (state === undefined || tracked === undefined) {
    return { ok: false, message: 'This alert is no longer firing: nothing to acknowledge.' };
  }
  if (tracked.acknowledgedBy !== undefined) {
    return { ok: false, message: `Already acknowledged by <@${tracked.acknowledgedBy}>.` };
  }
  const next: AlertGroupState = {
    ...state,
    alerts: { ...state.alerts, [key]: { ...tracked, acknowledgedBy: by } },
  };
  const { messageTs } = next;
  const views: AlertView[] = Object.values(next.alerts).map((t) => viewOf(t, snoozes));
  const actions: DeliveryAction[] = messageTs
    ? [
        { kind: 'update', messageTs, alerts: views, resolved: false },
        { kind: 'thread', messageTs, text: `Acknowledged by <@${by}>: ${tracked.alert.summary}` },
      ]
    : [];
  return { ok: true, state: next, actions };
}
