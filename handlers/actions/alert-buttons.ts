import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ALERT_SNOOZE_ACTIONS, ALERT_UNSNOOZE_ACTION } from '../../src/blocks/monitoring/alert-message';
import { ALERT_CLICK_JOB, type AlertClick } from '../../src/domain/alerts/alert-click';
import { acceptClick } from '../accept';
import { roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';

/** Acknowledge, Snooze and Unsnooze on an alert message: ack, then a job changes the alert state and the message. */
export function alertButton(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    const { body, action } = args;
    const seconds = ALERT_SNOOZE_ACTIONS[action.action_id];
    const role = await roleOfUser(body.user.id, deps);
    const click: AlertClick = {
      key: action.value ?? '',
      user: body.user.id,
      action:
        seconds !== undefined
          ? 'snooze'
          : action.action_id === ALERT_UNSNOOZE_ACTION
            ? 'unsnooze'
            : 'acknowledge',
      ...(role ? { role } : {}),
      ...(body.channel?.id ? { channel: body.channel.id } : {}),
      ...(seconds === undefined ? {} : { seconds }),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    await acceptClick(deps, args, {
      name: ALERT_CLICK_JOB,
      data: { ...click },
      what: `alert ${click.action}`,
    });
  };
}
