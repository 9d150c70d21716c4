import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { refusedMessage } from '../../src/blocks/simple-messages';
import { specOf } from '../../src/domain/commands';
import { acceptClick } from '../accept';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';

/** "Issue a new activation" on an expiry message: operators only; one job per message however often clicked. */
export function hostReissue(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    const { ack, body, action, respond } = args;
    const user = body.user.id;
    // A fresh activation is registering the host again: the same role, the same refusal.
    const spec = specOf('host register');
    if (!hasRole(await roleOfUser(user, deps), spec.role)) {
      await ack();
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        ...refusedMessage(spec.name, spec.role),
      });
      return;
    }
    const { cluster, host } = JSON.parse(action.value ?? '{}') as { cluster: string; host: string };
    const messageTs = body.message?.ts ?? body.container?.message_ts ?? 'none';
    const clickId = `${cluster}-${host}-${messageTs}`.replace(/[^\w.-]/g, '_');
    await acceptClick(deps, args, {
      name: 'host-reissue',
      data: { cluster, host, clickedBy: user, responseUrl: body.response_url, clickId },
      what: `reissue activation ${host} (${cluster})`,
      jobId: `reissue-${clickId}`,
    });
  };
}
