import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import { isRedisFailure } from '../../src/adapters/redis/redis-errors';
import { helpMessage } from '../../src/blocks/help-message';
import {
  internalErrorMessage,
  refusedMessage,
  unavailableMessage,
  usageErrorMessage,
} from '../../src/blocks/simple-messages';
import type { SlackMessage } from '../../src/blocks/types';
import { parsedCommandJob } from '../../src/command-job';
import { parseCommand } from '../../src/domain/command-grammar';
import { COMMANDS } from '../../src/domain/commands';
import { hasRole } from '../../src/domain/roles';
import type { CommandJobData } from '../../src/job-data';
import { roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { fleetModalForCommand } from '../views/fleet-modals';
import { modalForCommand } from '../views/host-modals';
import { poolModalForCommand } from '../views/pool-modals';
import { profileModalForCommand } from '../views/profile-modals';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Decision = {
  outcome: string;
  detail?: string;
  reply?: SlackMessage;
  job?: CommandJobData;
  /** A modal to open with the command's trigger_id instead of a job. */
  view?: Record<string, unknown>;
};

/** `/hybrid …`: parse → authorize → dedupe, audit and enqueue (one Redis round trip) → ack. */
export function hybridCommand(deps: HandlerDeps) {
  return async ({ command, ack, client }: Args): Promise<void> => {
    const requestId = requestIdOf(command.team_id, command.trigger_id);
    try {
      const decision = await decide(command, requestId, deps);
      const entry = {
        at: deps.clock.now(),
        user: command.user_id,
        channel: command.channel_id,
        command: `/hybrid ${command.text}`.trim(),
        outcome: decision.outcome,
        detail: decision.detail,
      };
      const work = decision.job && commandIntake(decision.job, requestId);
      if (!(await deps.ledger.recordFirstDelivery(requestId, entry, work))) {
        deps.log.info({ requestId }, 'redelivered request: acked again, nothing started');
        return await ack();
      }
      if (decision.view) {
        await ack();
        // trigger_id is valid for 3 s: the form opens from here, not from a job.
        await client.views
          .open({ trigger_id: command.trigger_id, view: decision.view as never })
          .catch((err: Error) => deps.log.warn({ err: err.message, requestId }, 'could not open the form'));
        return;
      }
      return await ack(decision.reply ? { response_type: 'ephemeral', ...decision.reply } : undefined);
    } catch (err) {
      deps.log.error({ err, requestId }, 'could not take the command');
      // Only a Redis failure is blamed on Redis; anything else is the bot's own fault.
      const reply = isRedisFailure(err) ? unavailableMessage() : internalErrorMessage(requestId);
      return await ack({ response_type: 'ephemeral', ...reply });
    }
  };
}

async function decide(command: Args['command'], requestId: string, deps: HandlerDeps): Promise<Decision> {
  const parsed = parseCommand(command.text);
  if (!parsed.ok) {
    const detail = parsed.suggestion ? `suggested ${parsed.suggestion}` : undefined;
    return { outcome: 'invalid', detail, reply: usageErrorMessage(parsed.message) };
  }
  const { spec, positionals, options } = parsed.command;
  const role = await roleOfUser(command.user_id, deps);
  if (!hasRole(role, spec.role)) {
    return {
      outcome: 'refused',
      detail: `needs ${spec.role}, has ${role ?? 'no role'}`,
      reply: refusedMessage(spec.name, spec.role),
    };
  }
  const view = modalForCommand(spec.name, positionals, options, deps, command.channel_id);
  if (view) return { outcome: 'form opened', view };
  const profileForm = await profileModalForCommand(spec.name, positionals, options, deps, command.channel_id);
  if (profileForm && 'view' in profileForm) return { outcome: 'form opened', view: profileForm.view };
  if (profileForm) return { outcome: 'invalid', reply: usageErrorMessage(profileForm.refusal) };
  const poolForm = await poolModalForCommand(spec.name, positionals, options, deps, command.channel_id);
  if (poolForm) return { outcome: 'form opened', view: poolForm };
  const fleetForm = await fleetModalForCommand(spec.name, options, deps);
  if (fleetForm) return { outcome: 'form opened', view: fleetForm };
  const request = {
    requestId,
    user: command.user_id,
    channel: command.channel_id,
    teamId: command.team_id,
    responseUrl: command.response_url,
    receivedAt: deps.clock.now(),
  };
  const job = parsedCommandJob(spec.name, request, { positionals, options });
  // The one command no job runs (its spec says so) is help: the handler answers it.
  if (!job) return { outcome: 'answered', reply: helpMessage(COMMANDS, role, (r) => hasRole(role, r)) };
  return { outcome: 'accepted', job };
}
