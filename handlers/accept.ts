import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { backgroundIntake, commandIntake, type IntakeItem } from '../src/adapters/queue/intake';
import { isRedisFailure } from '../src/adapters/redis/redis-errors';
import type { BackgroundWork } from '../src/background-jobs';
import { unavailableMessage } from '../src/blocks/simple-messages';
import type { CommandJobData } from '../src/job-data';
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
  const action = args.action as { action_id: string; action_ts?: string };
  const requestId = clickRequestId(args);
  await acceptClickAs(
    deps,
    args,
    work.what,
    backgroundIntake(work, work.jobId ?? `click-${requestId}`),
    action.action_id,
  );
}

/** The click's request ID: the same for Slack's redelivery of one click, new for each click. */
export function clickRequestId(args: ActionArgs): string {
  const action = args.action as { action_id: string; action_ts?: string };
  return requestIdOf(args.body.team?.id, args.body.trigger_id, action.action_id, action.action_ts);
}

/** A click that starts a command's job (a Restart button runs `host restart`), accepted as acceptClick does. */
export async function acceptCommandClick(
  deps: HandlerDeps,
  args: ActionArgs,
  what: string,
  job: CommandJobData,
): Promise<void> {
  await acceptClickAs(deps, args, what, commandIntake(job, job.request.requestId), job.command);
}

async function acceptClickAs(
  deps: HandlerDeps,
  args: ActionArgs,
  what: string,
  work: IntakeItem,
  actionName: string,
): Promise<void> {
  const { body, ack, respond } = args;
  const requestId = clickRequestId(args);
  const entry = {
    at: deps.clock.now(),
    user: body.user.id,
    channel: body.channel?.id ?? '',
    command: what,
    outcome: 'accepted',
  };
  try {
    await deps.ledger.recordFirstDelivery(requestId, entry, work);
  } catch (err) {
    deps.log.error(
      { err: (err as Error).message, requestId, action: actionName },
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
