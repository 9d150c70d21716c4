import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ALERT_SNOOZE_ACTIONS } from '../../src/blocks/monitoring/alert-message';
import { ALERT_CLICK_JOB, type AlertClick } from '../../src/domain/alerts/alert-click';
import { roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';

/** Acknowledge and Snooze on an alert message: ack, then a job changes the alert state and the message. */
export function alertButton(deps: HandlerDeps) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const seconds = ALERT_SNOOZE_ACTIONS[action.action_id];
    const role = await roleOfUser(body.user.id, deps);
    const click: AlertClick = {
      key: action.value ?? '',
      user: body.user.id,
      action: seconds === undefined ? 'acknowledge' : 'snooze',
      ...(role ? { role } : {}),
      ...(body.channel?.id ? { channel: body.channel.id } : {}),
      ...(seconds === undefined ? {} : { seconds }),
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
    };
    // A redelivered click has the same trigger and action time, so it starts no second job.
    const jobId = requestIdOf(body.team?.id, body.trigger_id, action.action_ts);
    await deps.background.start(ALERT_CLICK_JOB, { ...click }, `alert-click-${jobId}`);
  };
}
