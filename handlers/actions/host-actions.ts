import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOST_DEBUG_UPLOAD_ACTION } from '../../src/blocks/diagnostics/host-debug-upload';
import { HOST_REBOOT_ACTION } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { HOSTS_PAGE_ACTION } from '../../src/blocks/hosts/inventory-message';
import { HOST_REISSUE_ACTION } from '../../src/blocks/hosts/registration-notices';
import { acceptClick } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import type { ButtonHandler } from './button-handler';
import { hostDebugUploadButton } from './host-debug-upload-button';
import { hostRebootButton } from './host-reboot-button';
import { hostReissue } from './host-reissue';
import { hostRestartButton, RESTART_ACTIONS } from './host-restart-button';

const PAGE_ACTIONS = [`${HOSTS_PAGE_ACTION}_next`, `${HOSTS_PAGE_ACTION}_previous`];
export const HOST_ACTION_IDS = [
  HOST_REISSUE_ACTION,
  ...PAGE_ACTIONS,
  ...RESTART_ACTIONS,
  HOST_REBOOT_ACTION,
  HOST_DEBUG_UPLOAD_ACTION,
];

/** Inventory pages: anyone who can see the list may turn its pages. */
function hostsPage(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const { body, action } = args;
    const { page, ...filter } = JSON.parse(action.value ?? '{}') as { page: number } & Record<string, string>;
    await acceptClick(deps, args, {
      name: 'hosts-page',
      data: { filter, page, responseUrl: body.response_url },
      what: `hosts page ${page}`,
    });
  };
}

export function hostActionHandlers(deps: HandlerDeps): Record<string, ButtonHandler> {
  const page = hostsPage(deps);
  return {
    [HOST_REISSUE_ACTION]: hostReissue(deps),
    ...Object.fromEntries(PAGE_ACTIONS.map((id) => [id, page])),
    ...Object.fromEntries(RESTART_ACTIONS.map((id) => [id, hostRestartButton(deps)])),
    [HOST_REBOOT_ACTION]: hostRebootButton(deps),
    [HOST_DEBUG_UPLOAD_ACTION]: hostDebugUploadButton(deps),
  };
}
