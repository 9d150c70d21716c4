import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { hostDebugUploadModal, readUploadTarget } from '../../src/blocks/diagnostics/host-debug-upload';
import { section } from '../../src/blocks/elements';
import { clickRequestId } from '../accept';
import type { HandlerDeps } from '../handler-deps';
import { clickerMay } from './clicker-may';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Upload output, under the command sent for a host without an SSM agent: opens the upload form from
 * here, as the trigger_id is valid for 3 s. The form's submission starts the job that reads the file.
 */
export function hostDebugUploadButton(deps: HandlerDeps) {
  return async (args: Args): Promise<void> => {
    if (!(await clickerMay(deps, args, 'host debug'))) return;
    const { ack, body, action, respond, client } = args;
    const user = body.user.id;
    const requestId = clickRequestId(args);
    const target = readUploadTarget(action.value);
    const entry = {
      at: deps.clock.now(),
      user,
      channel: body.channel?.id ?? user,
      command: `host debug upload button: ${target ? `${target.host} (${target.cluster})` : 'a value not made by the bot'}`,
      outcome: target ? 'form opened' : 'invalid',
    };
    // Audited once; a redelivered click opens nothing a second time.
    if (!(await deps.ledger.recordFirstDelivery(requestId, entry))) return void (await ack());
    await ack();
    if (!target) {
      const text =
        ':warning: This button does not say which host it is for. Run `/hybrid host debug <host>` again and press its Upload output.';
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text,
        blocks: [section(text)],
      }).catch((err: Error) => deps.log.warn({ err: err.message, requestId }, 'could not answer a click'));
      return;
    }
    await client.views
      .open({ trigger_id: body.trigger_id, view: hostDebugUploadModal(target) as never })
      .catch((err: Error) => deps.log.warn({ err: err.message, requestId }, 'could not open the form'));
  };
}
