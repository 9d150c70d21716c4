import { HOME_REFRESH_ACTION } from '../../src/blocks/home-view';
import type { HandlerDeps } from '../handler-deps';
import type { ButtonHandler } from './button-handler';
import { CHANGE_ACTION_IDS, changeActionHandlers } from './change-actions';
import { homeRefresh } from './home-refresh';
import { HOST_ACTION_IDS, hostActionHandlers } from './host-actions';
import { MONITORING_ACTION_IDS, monitoringActionHandlers } from './monitoring';

export const ACTION_IDS = [
  HOME_REFRESH_ACTION,
  ...MONITORING_ACTION_IDS,
  ...HOST_ACTION_IDS,
  ...CHANGE_ACTION_IDS,
] as const;

/** Every button the bot shows, dispatched on action_id. */
export function buttonClicks(deps: HandlerDeps): ButtonHandler {
  const handlers: Record<string, ButtonHandler> = {
    [HOME_REFRESH_ACTION]: homeRefresh(deps),
    ...monitoringActionHandlers(deps),
    ...hostActionHandlers(deps),
    ...changeActionHandlers(deps),
  };
  return async (args) => {
    const handler = handlers[args.action.action_id];
    if (handler) return handler(args);
    // A button from an older version of a message: acknowledge it so Slack shows no error.
    await args.ack();
  };
}
