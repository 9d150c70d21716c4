import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import { POOL_BLOCKS, POOL_INPUT } from '../../src/blocks/pools/pool-create-modal';
import { parsePoolLabels, parsePoolTaints } from '../../src/domain/pools/pool-metadata';
import type { CommandJobData } from '../../src/job-data';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import type { StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const POOL_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface FieldValue {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/**
 * The pool form: what can be checked without AWS (name, hosts of the chosen cluster, label and
 * taint syntax) is shown under its field; the job then checks the rest, as for `/hybrid pool create`.
 */
export function poolCreateSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    if (!hasRole(await roleOfUser(user, deps), 'operator')) {
      return void (await ack({
        response_action: 'errors',
        errors: { [POOL_BLOCKS.name]: 'Creating pools needs the operator role.' },
      }));
    }
    const values = view.state.values as StateValues;
    const field = (block: string) => values[block]?.[POOL_INPUT] as FieldValue | undefined;
    const textOf = (block: string) => (field(block)?.value ?? '').trim();
    const cluster = field(POOL_BLOCKS.cluster)?.selected_option?.value ?? '';
    const name = textOf(POOL_BLOCKS.name);
    const profile = field(POOL_BLOCKS.profile)?.selected_option?.value ?? '';
    const arch = field(POOL_BLOCKS.arch)?.selected_option?.value ?? '';
    const picked = (field(POOL_BLOCKS.hosts)?.selected_options ?? []).map((o) => o.value);
    const labels = textOf(POOL_BLOCKS.labels);
    const taints = textOf(POOL_BLOCKS.taints);
    const maxParallel = textOf(POOL_BLOCKS.maxParallel);

    const errors: Record<string, string> = {};
    if (!POOL_NAME.test(name)) {
      errors[POOL_BLOCKS.name] =
        'Up to 63 lowercase letters, digits and "-", starting and ending with a letter or digit.';
    }
    const elsewhere = picked.filter((v) => !v.startsWith(`${cluster}/`)).map((v) => v.split('/')[1]);
    if (picked.length === 0) errors[POOL_BLOCKS.hosts] = 'Pick at least one host.';
    else if (elsewhere.length > 0) {
      errors[POOL_BLOCKS.hosts] =
        `Not registered for ${cluster}: ${elsewhere.join(', ')}. Pick hosts of the pool's cluster.`;
    }
    const parsedLabels = parsePoolLabels(labels);
    if (!parsedLabels.ok) errors[POOL_BLOCKS.labels] = parsedLabels.problems.join(' ');
    const parsedTaints = parsePoolTaints(taints);
    if (!parsedTaints.ok) errors[POOL_BLOCKS.taints] = parsedTaints.problems.join(' ');
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));

    const options: Record<string, string> = {
      cluster,
      profile,
      arch,
      hosts: picked.map((v) => v.split('/')[1]).join(','),
      ...(labels ? { labels } : {}),
      ...(taints ? { taints } : {}),
      ...(maxParallel ? { 'max-parallel': maxParallel } : {}),
    };
    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job: CommandJobData = {
      // No response_url comes with a form: answers go to the user's DM with the bot.
      request: { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      command: 'pool create',
      positionals: { name },
      options,
    };
    const entry = {
      at: deps.clock.now(),
      user,
      channel: user,
      command: `pool create form: ${name} in ${cluster} (${picked.length} hosts)`,
      outcome: 'accepted',
    };
    if (!(await acceptForm(deps, requestId, entry, commandIntake(job, requestId)))) {
      return void (await ack({ response_action: 'errors', errors: { [POOL_BLOCKS.name]: FORM_NOT_TAKEN } }));
    }
    await ack();
  };
}
