import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import {
  ALERT_DIAGNOSE_ACTION,
  ALERT_SNOOZE_ACTIONS,
  ALERT_UNSNOOZE_ACTION,
} from '../../src/blocks/monitoring/alert-message';
import { ALERT_CLICK_JOB, type AlertClick } from '../../src/domain/alerts/alert-click';
import { acceptClick } from '../accept';
import { roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';

/**
 * Acknowledge, Snooze, Unsnooze and Diagnose again on an alert message: ack, then a job changes the
 * alert state and the message, or runs the host's diagnostics.
 */
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
            : action.action_id === ALERT_DIAGNOSE_ACTION
              ? 'diagnose'
              : 'acknowledge',
      ...(role ? { role } : {}),
      ...(body.channel?.id ? { channel: body.channel.id } : {}),
      ...(seconds === undefined ? {} : { seconds }),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      ...(action.action_id === ALERT_DIAGNOSE_ACTION
        ? { clickId: `${body.user.id}-${action.action_ts}`.replace(/[^\w.-]/g, '_') }
        : {}),
    };
    await acceptClick(deps, args, {
      name: ALERT_CLICK_JOB,
      data: { ...click },
      what: `alert ${click.action}`,
    });
  };
}
