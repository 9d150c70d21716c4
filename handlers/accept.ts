import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { backgroundIntake } from '../src/adapters/queue/intake';
import { isRedisFailure } from '../src/adapters/redis/redis-errors';
import type { BackgroundWork } from '../src/background-jobs';
import { unavailableMessage } from '../src/blocks/simple-messages';
import type { HandlerDeps } from './handler-deps';
import { requestIdOf } from './request-id';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The background job a click starts (name and its typed data), and how the click is recorded. */
export type ClickWork = BackgroundWork & {
  /** What the audit trail says was clicked. */
  what: string;
  /** The job's ID when the work, not the click, decides it (one re-issue per message however often clicked). */
  jobId?: string;
};

/**
 * A click's work is accepted before the click is acked: one Redis call dedupes a redelivery,
 * audits the click and puts its job on the intake stream. If Redis cannot take it, the clicker
 * is told at once that nothing was started, rather than the click being lost after an ack.
 */
export async function acceptClick(deps: HandlerDeps, args: ActionArgs, work: ClickWork): Promise<void> {
  const { body, ack, respond } = args;
  const action = args.action as { action_id: string; action_ts?: string };
  const requestId = requestIdOf(body.team?.id, body.trigger_id, action.action_id, action.action_ts);
  const entry = {
    at: deps.clock.now(),
    user: body.user.id,
    channel: body.channel?.id ?? '',
    command: work.what,
    outcome: 'accepted',
  };
  try {
    await deps.ledger.recordFirstDelivery(
      requestId,
      entry,
      backgroundIntake(work, work.jobId ?? `click-${requestId}`),
    );
  } catch (err) {
    deps.log.error(
      { err: (err as Error).message, requestId, action: action.action_id },
      'could not accept a click',
    );
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, ...unavailableMessage() }).catch(
      () => undefined,
    );
    return;
  }
  await ack();
}

/**
 * What a button's handler reads from Redis (roles) fails while Redis is out of reach: the click
 * is acked and the clicker told that nothing was started.
 */
export async function tellClickerWhenRedisIsDown<A extends ActionArgs>(
  deps: HandlerDeps,
  handler: (args: A) => Promise<void>,
  args: A,
): Promise<void> {
  let acked = false;
  const ack = (async (response?: unknown) => {
    acked = true;
    await args.ack(response as never);
  }) as A['ack'];
  try {
    await handler({ ...args, ack });
  } catch (err) {
    if (!isRedisFailure(err)) throw err;
    deps.log.error({ err: (err as Error).message }, 'could not take a click');
    if (!acked) await args.ack();
    await args
      .respond({ response_type: 'ephemeral', replace_original: false, ...unavailableMessage() })
      .catch(() => undefined);
  }
}
