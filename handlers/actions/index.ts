import type { App, BlockButtonAction } from '@slack/bolt';
import { HOME_REFRESH_ACTION } from '../../src/blocks/home-view';
import type { HandlerDeps } from '../handler-deps';
import { APPROVAL_ACTION_IDS, registerApprovalActions } from './approval-actions';
import { homeRefresh } from './home-refresh';
import { HOST_ACTION_IDS, registerHostActions } from './host-actions';
import { MONITORING_ACTION_IDS, registerMonitoringActions } from './monitoring';

export const ACTION_IDS = [
  HOME_REFRESH_ACTION,
  ...MONITORING_ACTION_IDS,
  ...HOST_ACTION_IDS,
  ...APPROVAL_ACTION_IDS,
] as const;

export function register(app: App, deps: HandlerDeps): void {
  app.action<BlockButtonAction>(HOME_REFRESH_ACTION, homeRefresh(deps));
  registerMonitoringActions(app, deps);
  registerHostActions(app, deps);
  registerApprovalActions(app, deps);
}
