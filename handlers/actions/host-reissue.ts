import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { acceptClick } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { clickerMay } from './clicker-may';

/** "Issue a new activation" on an expiry message: operators only; one job per message however often clicked. */
export function hostReissue(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    // A fresh activation is registering the host again: the same role, the same refusal.
    if (!(await clickerMay(deps, args, 'host register'))) return;
    const { body, action } = args;
    const user = body.user.id;
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
