import {
  ALERT_ACK_ACTION,
  ALERT_DIAGNOSE_ACTION,
  ALERT_SNOOZE_ACTIONS,
  ALERT_UNSNOOZE_ACTION,
} from '../../src/blocks/monitoring/alert-message';
import { STATUS_DETAILS_ACTION } from '../../src/blocks/monitoring/status-message';
import type { HandlerDeps } from '../handler-deps';
import { alertButton } from './alert-buttons';
import type { ButtonHandler } from './button-handler';
import { statusDetails } from './status-details';

const ALERT_ACTIONS = [
  ALERT_ACK_ACTION,
  ALERT_UNSNOOZE_ACTION,
  ALERT_DIAGNOSE_ACTION,
  ...Object.keys(ALERT_SNOOZE_ACTIONS),
];

/** Buttons of the status and alert messages. */
export const MONITORING_ACTION_IDS = [STATUS_DETAILS_ACTION, ...ALERT_ACTIONS];

export function monitoringActionHandlers(deps: HandlerDeps): Record<string, ButtonHandler> {
  const alert = alertButton(deps);
  return {
    [STATUS_DETAILS_ACTION]: statusDetails(deps),
    ...Object.fromEntries(ALERT_ACTIONS.map((id) => [id, alert])),
  };
}
