import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { HandlerDeps } from '../handler-deps';

/** The Home tab's Refresh button: ack, then the same job as opening the tab. */
export function homeRefresh(deps: HandlerDeps) {
  return async ({
    ack,
    body,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const window = Math.floor(deps.clock.now() / 2_000);
    await deps.background.start('publish-home', { user: body.user.id }, `home-${body.user.id}-${window}`);
  };
}
