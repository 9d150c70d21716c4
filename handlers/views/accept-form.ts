import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { IntakeItem } from '../../src/adapters/queue/intake';
import { isRedisFailure } from '../../src/adapters/redis/redis-errors';
import type { AuditEntry } from '../../src/domain/audit-entry';
import type { HandlerDeps } from '../handler-deps';

export const FORM_NOT_TAKEN =
  'hybrid-bot cannot reach its job queue (Redis) right now, so nothing was started. Your entries are still here: submit again in a minute.';

/** Dedupes, audits and enqueues a submitted form in one call; false when Redis could not take it. */
export async function acceptForm(
  deps: HandlerDeps,
  requestId: string,
  entry: AuditEntry,
  work: IntakeItem,
): Promise<boolean> {
  try {
    await deps.ledger.recordFirstDelivery(requestId, entry, work);
    return true;
  } catch (err) {
    deps.log.error({ err: (err as Error).message, requestId }, 'could not accept a form');
    return false;
  }
}

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Whatever a form's handler reads from Redis (roles, cached cluster facts) fails while Redis is
 * out of reach: the form then stays open with the reason under its first field, and nothing starts.
 */
export async function keepFormOpenWhenRedisIsDown(
  deps: HandlerDeps,
  handler: (args: Args) => Promise<void>,
  args: Args,
): Promise<void> {
  let acked = false;
  const ack: Args['ack'] = async (response?: Parameters<Args['ack']>[0]) => {
    acked = true;
    await args.ack(response as never);
  };
  try {
    await handler({ ...args, ack });
  } catch (err) {
    if (acked || !isRedisFailure(err)) throw err;
    deps.log.error({ err: (err as Error).message, form: args.view.callback_id }, 'could not take a form');
    const [firstField = 'name'] = Object.keys(args.view.state.values);
    await args.ack({ response_action: 'errors', errors: { [firstField]: FORM_NOT_TAKEN } });
  }
}
