import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { hostOptionGroups, POOL_BLOCKS, POOL_CREATE_VIEW } from '../src/blocks/pools/pool-create-modal';
import type { HandlerDeps } from './handler-deps';
import { poolFormHosts } from './views/pool-modals';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/** Options typed into a searched select: the pool form's hosts when there are more than a select lists. */
export function blockSuggestions(deps: HandlerDeps) {
  return async ({ ack, body }: Args): Promise<void> => {
    const viewId = (body as { view?: { callback_id?: string } }).view?.callback_id;
    if (viewId !== POOL_CREATE_VIEW || body.block_id !== POOL_BLOCKS.hosts)
      return void (await ack({ options: [] }));
    await ack({ option_groups: hostOptionGroups(await poolFormHosts(deps), body.value) } as never);
  };
}
