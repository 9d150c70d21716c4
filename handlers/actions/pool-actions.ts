import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type HostDoneValue, POOL_HOST_DONE_ACTION } from '../../src/blocks/pools/host-instructions-message';
import { POOL_UPGRADE_ACTION } from '../../src/blocks/pools/pool-upgrade-modal';
import { acceptClick } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import type { ButtonHandler } from './button-handler';
import { poolUpgradeButton } from './pool-upgrade-button';

export const POOL_ACTION_IDS = [POOL_HOST_DONE_ACTION, POOL_UPGRADE_ACTION];

/** Done on a host's instructions: the job checks that the clicker asked for the change. */
function hostDone(deps: HandlerDeps): ButtonHandler {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    const { body, action } = args;
    const value = JSON.parse(action.value ?? '{}') as HostDoneValue;
    const clickId = `${value.id}-${value.step}-${body.user.id}-${action.action_ts}`.replace(/[^\w.-]/g, '_');
    await acceptClick(deps, args, {
      name: 'pool-host-done',
      data: {
        id: value.id,
        step: value.step,
        user: body.user.id,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        clickId,
      },
      what: `host done for change ${value.id}`,
      jobId: `pool-done-${clickId}`,
    });
  };
}

export function poolActionHandlers(deps: HandlerDeps): Record<string, ButtonHandler> {
  return { [POOL_HOST_DONE_ACTION]: hostDone(deps), [POOL_UPGRADE_ACTION]: poolUpgradeButton(deps) };
}
