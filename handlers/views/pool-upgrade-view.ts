import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import {
  POOL_UPGRADE_BLOCKS,
  POOL_UPGRADE_INPUT,
  readPoolTarget,
} from '../../src/blocks/pools/pool-upgrade-modal';
import { commandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';
import { readPoolUpgradeForm } from '../../src/domain/rollouts/pool-upgrade-form';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import type { StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The upgrade form: its fields become the request `/hybrid pool upgrade <pool> --cluster c
 * --profile p --max-unavailable n [--window w]` would make, and the same job plans it (gates,
 * plan, approval message). Wrong fields are shown under themselves and nothing starts.
 */
export function poolUpgradeSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const { target: targetBlock } = POOL_UPGRADE_BLOCKS;
    const { role } = specOf('pool upgrade');
    if (!hasRole(await roleOfUser(user, deps), role)) {
      return void (await ack({
        response_action: 'errors',
        errors: { [targetBlock]: `Upgrading pools needs the ${role} role: ask an admin of hybrid-bot.` },
      }));
    }
    const pool = readPoolTarget(view.private_metadata);
    if (!pool) {
      return void (await ack({
        response_action: 'errors',
        errors: {
          [targetBlock]:
            'This form does not say which pool it is for: press Upgrade on `/hybrid pool show` again.',
        },
      }));
    }
    const values = view.state.values as StateValues;
    const field = (block: string) => {
      const input = values[block]?.[POOL_UPGRADE_INPUT];
      const value: unknown = input?.selected_option?.value ?? input?.value;
      return typeof value === 'string' ? value : '';
    };
    const form = readPoolUpgradeForm({
      ...pool,
      target: field(POOL_UPGRADE_BLOCKS.target),
      maxUnavailable: field(POOL_UPGRADE_BLOCKS.maxUnavailable),
      window: field(POOL_UPGRADE_BLOCKS.window),
      strategy: field(POOL_UPGRADE_BLOCKS.strategy),
    });
    if (!form.ok) {
      const errors = Object.fromEntries(
        Object.entries(form.errors).map(([f, problem]) => [
          POOL_UPGRADE_BLOCKS[f as keyof typeof form.errors],
          problem,
        ]),
      );
      return void (await ack({ response_action: 'errors', errors }));
    }
    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      'pool upgrade',
      // No response_url comes with a form: answers go to the user's DM with the bot.
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      { positionals: form.positionals, options: form.options },
    );
    const flags = Object.entries(form.options)
      .map(([k, v]) => `--${k} ${v}`)
      .join(' ');
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `pool upgrade form: ${pool.pool} ${flags}`,
      outcome: 'accepted',
    };
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId)))) {
      return void (await ack({ response_action: 'errors', errors: { [targetBlock]: FORM_NOT_TAKEN } }));
    }
    await ack();
  };
}
