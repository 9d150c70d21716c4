import type { App } from '@slack/bolt';
import { HOST_BULK_VIEW, HOST_REGISTER_VIEW } from '../../src/blocks/hosts/register-modal';
import type { HandlerDeps } from '../handler-deps';
import { hostBulkSubmit } from './host-bulk-view';
import { hostRegisterSubmit } from './host-register-view';

/** Modal callback IDs the bot handles (view_submission). */
export const VIEW_IDS = [HOST_REGISTER_VIEW, HOST_BULK_VIEW];

export function register(app: App, deps: HandlerDeps): void {
  app.view(HOST_REGISTER_VIEW, hostRegisterSubmit(deps));
  app.view(HOST_BULK_VIEW, hostBulkSubmit(deps));
}
