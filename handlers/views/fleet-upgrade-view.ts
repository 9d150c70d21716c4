import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import { FLEET_UPGRADE_BLOCKS, FLEET_UPGRADE_INPUT } from '../../src/blocks/fleets/fleet-upgrade-modal';
import { commandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';
import { type FleetUpgradeFormField, readFleetUpgradeForm } from '../../src/domain/fleets/fleet-upgrade-form';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import type { StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The fleet form: its fields become the request `/hybrid fleet upgrade --profile p …` makes, and
 * the same job plans it. Wrong fields are shown under themselves and nothing starts.
 */
export function fleetUpgradeSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const { role } = specOf('fleet upgrade');
    if (!hasRole(await roleOfUser(user, deps), role)) {
      return void (await ack({
        response_action: 'errors',
        errors: {
          [FLEET_UPGRADE_BLOCKS.target]: `Fleet rollouts need the ${role} role: ask an admin of hybrid-bot.`,
        },
      }));
    }
    const values = view.state.values as StateValues;
    const el = (field: FleetUpgradeFormField) => values[FLEET_UPGRADE_BLOCKS[field]]?.[FLEET_UPGRADE_INPUT];
    const field = (f: FleetUpgradeFormField) => {
      const v: unknown = el(f)?.selected_option?.value ?? el(f)?.value;
      return typeof v === 'string' ? v : '';
    };
    const picked = (el('clusters')?.selected_options ?? []) as { value?: unknown }[];
    const form = readFleetUpgradeForm({
      target: field('target'),
      clusters: picked.flatMap((o) => (typeof o.value === 'string' ? [o.value] : [])),
      canary: field('canary'),
      waves: field('waves'),
      waveSize: field('waveSize'),
      parallelPools: field('parallelPools'),
      maxUnavailable: field('maxUnavailable'),
      bake: field('bake'),
      window: field('window'),
      offline: field('offline'),
      strategy: field('strategy'),
    });
    if (!form.ok) {
      const errors = Object.fromEntries(
        Object.entries(form.errors).map(([f, problem]) => [
          FLEET_UPGRADE_BLOCKS[f as FleetUpgradeFormField],
          problem,
        ]),
      );
      return void (await ack({ response_action: 'errors', errors }));
    }
    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      'fleet upgrade',
      // No response_url comes with a form: answers go to the user's DM with the bot.
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      { positionals: form.positionals, options: form.options },
    );
    const flags = Object.entries(form.options)
      .map(([k, v]) => `--${k} ${Array.isArray(v) ? v.join(',') : v}`)
      .join(' ');
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `fleet upgrade form: ${flags}`,
      outcome: 'accepted',
    };
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId)))) {
      return void (await ack({
        response_action: 'errors',
        errors: { [FLEET_UPGRADE_BLOCKS.target]: FORM_NOT_TAKEN },
      }));
    }
    await ack();
  };
}
