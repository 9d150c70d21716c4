import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';

/** The status message's Details button: the same job as `/hybrid status <cluster> --details`. */
export function statusDetails(deps: HandlerDeps) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    if (!hasRole(await roleOfUser(user, deps), 'viewer')) return;
    const requestId = requestIdOf(body.team?.id, body.trigger_id, action.action_ts);
    await deps.commands.enqueue(
      {
        request: {
          requestId,
          user,
          channel: body.channel?.id ?? '',
          ...(body.team?.id ? { teamId: body.team.id } : {}),
          ...(body.response_url ? { responseUrl: body.response_url } : {}),
          receivedAt: deps.clock.now(),
        },
        command: 'status',
        positionals: { cluster: action.value ?? '' },
        options: { details: true },
      },
      requestId,
    );
  };
}
