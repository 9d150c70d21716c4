import type { App, BlockButtonAction } from '@slack/bolt';
import { STATUS_DETAILS_ACTION } from '../../src/blocks/monitoring/status-message';
import type { HandlerDeps } from '../handler-deps';
import { statusDetails } from './status-details';

/** Buttons of the status and alert messages. */
export const MONITORING_ACTION_IDS = [STATUS_DETAILS_ACTION] as const;

export function registerMonitoringActions(app: App, deps: HandlerDeps): void {
  app.action<BlockButtonAction>(STATUS_DETAILS_ACTION, statusDetails(deps));
}
