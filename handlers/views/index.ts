import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { HOST_BULK_VIEW, HOST_REGISTER_VIEW } from '../../src/blocks/hosts/register-modal';
import type { HandlerDeps } from '../handler-deps';
import { hostBulkSubmit } from './host-bulk-view';
import { hostRegisterSubmit } from './host-register-view';

/** Modal callback IDs the bot handles (view_submission). */
export const VIEW_IDS = [HOST_REGISTER_VIEW, HOST_BULK_VIEW];

type ViewHandler = (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => Promise<void>;

/** One listener for every modal, dispatching on callback_id (see handlers/actions/index.ts for why). */
export function register(app: App, deps: HandlerDeps): void {
  const handlers: Record<string, ViewHandler> = {
    [HOST_REGISTER_VIEW]: hostRegisterSubmit(deps),
    [HOST_BULK_VIEW]: hostBulkSubmit(deps),
  };
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    const handler = handlers[args.view.callback_id];
    if (handler) return handler(args);
    await args.ack();
  });
}
