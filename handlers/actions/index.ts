import { HOME_REFRESH_ACTION } from '../../src/blocks/home-view';
import { tellClickerWhenRedisIsDown } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { auditIgnored } from '../ignored-request';
import type { ButtonHandler } from './button-handler';
import { CHANGE_ACTION_IDS, changeActionHandlers } from './change-actions';
import { homeRefresh } from './home-refresh';
import { HOST_ACTION_IDS, hostActionHandlers } from './host-actions';
import { MONITORING_ACTION_IDS, monitoringActionHandlers } from './monitoring';
import { POOL_ACTION_IDS, poolActionHandlers } from './pool-actions';

export const ACTION_IDS = [
  HOME_REFRESH_ACTION,
  ...MONITORING_ACTION_IDS,
  ...HOST_ACTION_IDS,
  ...CHANGE_ACTION_IDS,
  ...POOL_ACTION_IDS,
] as const;

/**
 * Every button the bot shows, dispatched on action_id. A Map, not an object: an ID such as
 * `constructor` or `__proto__` must find nothing rather than something on Object.prototype.
 */
export function buttonClicks(deps: HandlerDeps): ButtonHandler {
  const handlers = new Map<string, ButtonHandler>([
    [HOME_REFRESH_ACTION, homeRefresh(deps)],
    ...Object.entries(monitoringActionHandlers(deps)),
    ...Object.entries(hostActionHandlers(deps)),
    ...Object.entries(changeActionHandlers(deps)),
    ...Object.entries(poolActionHandlers(deps)),
  ]);
  return async (args) => {
    const handler = handlers.get(args.action.action_id);
    if (handler) return tellClickerWhenRedisIsDown(deps, handler, args);
    // A button from an older version of a message: acknowledge it so Slack shows no error.
    await args.ack();
    const { body } = args;
    await auditIgnored(deps, {
      kind: 'button',
      id: args.action.action_id,
      user: body.user.id,
      channel: body.channel?.id ?? body.user.id,
      team: body.team?.id,
      trigger: body.trigger_id,
    });
  };
}
