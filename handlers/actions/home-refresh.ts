import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { acceptClick } from '../accept';
import type { HandlerDeps } from '../handler-deps';

/** The Home tab's Refresh button: ack, then the same job as opening the tab. */
export function homeRefresh(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await acceptClick(deps, args, {
      name: 'publish-home',
      data: { user: args.body.user.id },
      what: 'refresh the Home tab',
    });
  };
}
