import { counted } from '../plural';
import type { DeliveryAction } from './alert-delivery';
import type { AlertGroupState } from './alert-state';

/**
 * A cluster the bot stops watching (forgotten) leaves its open alert message saying so, rather than
 * "firing" for ever with buttons nobody's sweep will honour. Nothing when no message is open.
 */
export function planAlertClose(state: AlertGroupState | undefined, why: string): DeliveryAction[] {
  const messageTs = state?.messageTs;
  if (!state || !messageTs) return [];
  const alerts = Object.values(state.alerts).map((tracked) => ({ ...tracked }));
  const firing = counted(alerts.length, 'alert');
  return [
    { kind: 'update', messageTs, alerts, resolved: false, unwatched: why },
    {
      kind: 'thread',
      messageTs,
      text: `Closed: ${why}. ${firing} still firing at the last sweep; nothing resolves them here any more.`,
    },
  ];
}
