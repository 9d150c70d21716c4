import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { HostRestartValue } from '../../src/blocks/diagnostics/host-remedy-buttons';
import { commandJob } from '../../src/command-job';
import { acceptCommandClick, clickRequestId } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { clickerMay } from './clicker-may';

/**
 * Reboot host under a host's diagnostics: the `host reboot` command's job, as if typed by the
 * clicker (same role, same plan, an approver approves). One job per click.
 */
export function hostRebootButton(deps: HandlerDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    if (!(await clickerMay(deps, args, 'host reboot'))) return;
    const { body, action } = args;
    const user = body.user.id;
    const value = JSON.parse(action.value ?? '{}') as Omit<HostRestartValue, 'service'>;
    const job = commandJob(
      'host reboot',
      {
        requestId: clickRequestId(args),
        user,
        channel: body.channel?.id ?? user,
        ...(body.team?.id ? { teamId: body.team.id } : {}),
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        receivedAt: deps.clock.now(),
      },
      { positionals: { name: value.host }, options: { cluster: value.cluster } },
    );
    await acceptCommandClick(deps, args, `host reboot ${value.host} (button)`, job);
  };
}
