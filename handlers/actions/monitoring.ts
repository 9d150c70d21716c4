import type { App, BlockButtonAction } from '@slack/bolt';
import { ALERT_ACK_ACTION, ALERT_SNOOZE_ACTIONS } from '../../src/blocks/monitoring/alert-message';
import { STATUS_DETAILS_ACTION } from '../../src/blocks/monitoring/status-message';
import type { HandlerDeps } from '../handler-deps';
import { alertButton } from './alert-buttons';
import { statusDetails } from './status-details';

const ALERT_ACTIONS = [ALERT_ACK_ACTION, ...Object.keys(ALERT_SNOOZE_ACTIONS)];

/** Buttons of the status and alert messages. */
export const MONITORING_ACTION_IDS = [STATUS_DETAILS_ACTION, ...ALERT_ACTIONS];

export function registerMonitoringActions(app: App, deps: HandlerDeps): void {
  app.action<BlockButtonAction>(STATUS_DETAILS_ACTION, statusDetails(deps));
  for (const id of ALERT_ACTIONS) app.action<BlockButtonAction>(id, alertButton(deps));
}
