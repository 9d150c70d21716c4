import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../src/blocks/help-message';
import { refusedMessage, unavailableMessage, usageErrorMessage } from '../../src/blocks/simple-messages';
import { parseCommand } from '../../src/domain/command-grammar';
import { COMMANDS } from '../../src/domain/commands';
import { hasRole } from '../../src/domain/roles';
import { roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** `/hybrid …`: dedupe → parse → authorize → audit → enqueue → ack. Nothing slow happens here. */
export function hybridCommand(deps: HandlerDeps) {
  return async ({ command, ack }: Args): Promise<void> => {
    const requestId = requestIdOf(command.team_id, command.trigger_id);
    const log = deps.log.child({ requestId });
    const audit = (outcome: string, detail?: string) =>
      deps.audit.append({
        at: deps.clock.now(),
        user: command.user_id,
        channel: command.channel_id,
        command: `/hybrid ${command.text}`.trim(),
        outcome,
        detail,
      });
    try {
      // Slack's redelivery of a request we already took: ack again, start nothing.
      if (!(await deps.dedupe.isFirstDelivery(requestId))) {
        log.info('redelivered request ignored');
        return await ack();
      }
      const parsed = parseCommand(command.text);
      if (!parsed.ok) {
        await audit('invalid', parsed.suggestion ? `suggested ${parsed.suggestion}` : undefined);
        return await ack({ response_type: 'ephemeral', ...usageErrorMessage(parsed.message) });
      }
      const { spec, positionals, options } = parsed.command;
      const role = await roleOfUser(command.user_id, deps);
      if (!hasRole(role, spec.role)) {
        await audit('refused', `needs ${spec.role}, has ${role ?? 'no role'}`);
        return await ack({ response_type: 'ephemeral', ...refusedMessage(spec.name, spec.role) });
      }
      if (spec.name === 'help') {
        await audit('answered');
        return await ack({
          response_type: 'ephemeral',
          ...helpMessage(COMMANDS, role, (r) => hasRole(role, r)),
        });
      }
      await deps.commands.enqueue(
        {
          request: {
            requestId,
            user: command.user_id,
            channel: command.channel_id,
            teamId: command.team_id,
            responseUrl: command.response_url,
            receivedAt: deps.clock.now(),
          },
          command: spec.name,
          positionals,
          options,
        },
        requestId,
      );
      await audit('enqueued');
      log.info({ command: spec.name, user: command.user_id }, 'command enqueued');
      return await ack();
    } catch (err) {
      log.error({ err }, 'could not take the command');
      return await ack({ response_type: 'ephemeral', ...unavailableMessage() });
    }
  };
}
