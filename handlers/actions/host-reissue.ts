import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { refusedMessage } from '../../src/blocks/simple-messages';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';

/** "Issue a new activation" on an expiry message: operators only; one job per message however often clicked. */
export function hostReissue(deps: HandlerDeps) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    if (!hasRole(await roleOfUser(user, deps), 'operator')) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...refusedMessage('host register', 'operator'),
      });
      return;
    }
    const { cluster, host } = JSON.parse(action.value ?? '{}') as { cluster: string; host: string };
    const messageTs = body.message?.ts ?? body.container?.message_ts ?? 'none';
    const clickId = `${cluster}-${host}-${messageTs}`.replace(/[^\w.-]/g, '_');
    await deps.audit.append({
      at: deps.clock.now(),
      user,
      channel: body.channel?.id ?? '',
      command: `reissue activation ${host} (${cluster})`,
      outcome: 'accepted',
    });
    await deps.background.start(
      'host-reissue',
      { cluster, host, clickedBy: user, responseUrl: body.response_url, clickId },
      `reissue-${clickId}`,
    );
  };
}
