import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { HOST_RESTART_ACTION, type HostRestartValue } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { commandJob } from '../../src/command-job';
import { reportThreadOf } from '../../src/domain/changes/change';
import { RESTARTABLE_SERVICES } from '../../src/domain/hosts/host-restart-plan';
import { acceptCommandClick, clickRequestId } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { clickerMay } from './clicker-may';

export const RESTART_ACTIONS = RESTARTABLE_SERVICES.map((s) => `${HOST_RESTART_ACTION}_${s}`);

/**
 * Restart kubelet / containerd under a host's diagnostics: the `host restart` command's job, as if
 * typed by the clicker (same role, same plan, an approver approves). One job per click. Clicked in
 * an alert's thread, the change reports there too.
 */
export function hostRestartButton(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    if (!(await clickerMay(deps, args, 'host restart'))) return;
    const { body, action } = args;
    const user = body.user.id;
    const value = JSON.parse(action.value ?? '{}') as HostRestartValue;
    const reportThread = reportThreadOf(value.thread);
    const job = commandJob(
      'host restart',
      {
        requestId: clickRequestId(args),
        user,
        channel: body.channel?.id ?? user,
        ...(body.team?.id ? { teamId: body.team.id } : {}),
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        receivedAt: deps.clock.now(),
        ...(reportThread ? { reportThread } : {}),
      },
      { positionals: { name: value.host, service: value.service }, options: { cluster: value.cluster } },
    );
    await acceptCommandClick(deps, args, `host restart ${value.host} ${value.service} (button)`, job);
  };
}
