import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOSTS_PAGE_ACTION } from '../../src/blocks/hosts/inventory-message';
import { HOST_REISSUE_ACTION } from '../../src/blocks/hosts/registration-notices';
import type { HandlerDeps } from '../handler-deps';
import { hostReissue } from './host-reissue';

const PAGE_ACTIONS = [`${HOSTS_PAGE_ACTION}_next`, `${HOSTS_PAGE_ACTION}_previous`];
export const HOST_ACTION_IDS = [HOST_REISSUE_ACTION, ...PAGE_ACTIONS];

/** Inventory pages: anyone who can see the list may turn its pages. */
function hostsPage(deps: HandlerDeps) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const { page, ...filter } = JSON.parse(action.value ?? '{}') as { page: number } & Record<string, string>;
    await deps.background.start(
      'hosts-page',
      { filter, page, responseUrl: body.response_url },
      `hosts-page-${body.user.id}-${action.action_ts}`.replace(/[^\w.-]/g, '_'),
    );
  };
}

export function registerHostActions(app: App, deps: HandlerDeps): void {
  app.action<BlockButtonAction>(HOST_REISSUE_ACTION, hostReissue(deps));
  for (const id of PAGE_ACTIONS) app.action<BlockButtonAction>(id, hostsPage(deps));
}
