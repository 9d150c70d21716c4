import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import {
  hostOptionGroups,
  POOL_BLOCKS,
  POOL_CREATE_VIEW,
  POOL_INPUT,
} from '../src/blocks/pools/pool-create-modal';
import type { HandlerDeps } from './handler-deps';
import { poolFormHosts } from './views/pool-modals';
import type { StateValues } from './views/view-values';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

/**
 * Options typed into a searched select: the pool form's hosts when there are more than a select
 * lists, only those of the cluster and architecture the form has chosen so far.
 */
export function blockSuggestions(deps: HandlerDeps) {
  return async ({ ack, body }: Args): Promise<void> => {
    const view = (body as { view?: { callback_id?: string; state?: { values?: StateValues } } }).view;
    if (view?.callback_id !== POOL_CREATE_VIEW || body.block_id !== POOL_BLOCKS.hosts)
      return void (await ack({ options: [] }));
    const chosen = (block: string) => view.state?.values?.[block]?.[POOL_INPUT]?.selected_option?.value;
    const cluster = chosen(POOL_BLOCKS.cluster);
    const arch = chosen(POOL_BLOCKS.arch);
    const hosts = await poolFormHosts(deps, {
      ...(cluster ? { cluster } : {}),
      ...(arch === 'amd64' || arch === 'arm64' ? { arch } : {}),
    });
    await ack({ option_groups: hostOptionGroups(hosts, body.value) } as never);
  };
}
