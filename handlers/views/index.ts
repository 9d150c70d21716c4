import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { HOST_DEBUG_UPLOAD_VIEW } from '../../src/blocks/diagnostics/host-debug-upload';
import { FLEET_UPGRADE_VIEW } from '../../src/blocks/fleets/fleet-upgrade-modal';
import { HOST_BULK_VIEW, HOST_REGISTER_VIEW } from '../../src/blocks/hosts/register-modal';
import { POOL_CREATE_VIEW } from '../../src/blocks/pools/pool-create-modal';
import { POOL_UPGRADE_VIEW } from '../../src/blocks/pools/pool-upgrade-modal';
import { PROFILE_FORM_VIEW, PROFILE_IMPORT_VIEW } from '../../src/blocks/profiles/profile-modal';
import type { HandlerDeps } from '../handler-deps';
import { auditIgnored } from '../ignored-request';
import { keepFormOpenWhenRedisIsDown } from './accept-form';
import { fleetUpgradeSubmit } from './fleet-upgrade-view';
import { hostBulkSubmit } from './host-bulk-view';
import { hostDebugUploadSubmit } from './host-debug-upload-view';
import { hostRegisterSubmit } from './host-register-view';
import { poolUpgradeSubmit } from './pool-upgrade-view';
import { poolCreateSubmit } from './pool-views';
import { profileFormSubmit, profileImportSubmit } from './profile-views';

/** Modal callback IDs the bot handles (view_submission). */
export const VIEW_IDS = [
  HOST_REGISTER_VIEW,
  HOST_BULK_VIEW,
  PROFILE_FORM_VIEW,
  PROFILE_IMPORT_VIEW,
  POOL_CREATE_VIEW,
  POOL_UPGRADE_VIEW,
  HOST_DEBUG_UPLOAD_VIEW,
];

type ViewHandler = (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => Promise<void>;

/** Every modal the bot opens, dispatched on callback_id (a Map: see buttonClicks). */
export function viewSubmissions(deps: HandlerDeps): ViewHandler {
  const handlers = new Map<string, ViewHandler>([
    [HOST_REGISTER_VIEW, hostRegisterSubmit(deps)],
    [HOST_BULK_VIEW, hostBulkSubmit(deps)],
    [PROFILE_FORM_VIEW, profileFormSubmit(deps)],
    [PROFILE_IMPORT_VIEW, profileImportSubmit(deps)],
    [POOL_CREATE_VIEW, poolCreateSubmit(deps)],
    [POOL_UPGRADE_VIEW, poolUpgradeSubmit(deps)],
    [FLEET_UPGRADE_VIEW, fleetUpgradeSubmit(deps)],
    [HOST_DEBUG_UPLOAD_VIEW, hostDebugUploadSubmit(deps)],
  ]);
  return async (args) => {
    const handler = handlers.get(args.view.callback_id);
    if (handler) return keepFormOpenWhenRedisIsDown(deps, handler, args);
    await args.ack();
    const { body } = args;
    await auditIgnored(deps, {
      kind: 'form',
      id: args.view.callback_id,
      user: body.user.id,
      channel: body.user.id,
      team: body.team?.id,
      trigger: body.trigger_id ?? args.view.id,
    });
  };
}
