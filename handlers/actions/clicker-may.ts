import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { refusedMessage } from '../../src/blocks/simple-messages';
import { type CommandJobName, specOf } from '../../src/domain/commands';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';

/**
 * A button that does what a command does asks the command's role of its clicker. Without it the
 * click is acked and the clicker told, privately, as the typed command would tell them.
 */
export async function clickerMay(
  deps: HandlerDeps,
  args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
  command: CommandJobName,
): Promise<boolean> {
  const spec = specOf(command);
  if (hasRole(await roleOfUser(args.body.user.id, deps), spec.role)) return true;
  await args.ack();
  await args.respond({
    response_type: 'ephemeral',
    replace_original: false,
    ...refusedMessage(spec.name, spec.role),
  });
  return false;
}
