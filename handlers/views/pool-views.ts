import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { commandIntake } from '../../src/adapters/queue/intake';
import { truncate } from '../../src/blocks/limits';
import { POOL_BLOCKS, POOL_INPUT } from '../../src/blocks/pools/pool-create-modal';
import { unknownProfileText, unknownVersionText } from '../../src/blocks/profiles/profile-messages';
import { commandJob } from '../../src/command-job';
import { specOf } from '../../src/domain/commands';
import { parseMaxParallel } from '../../src/domain/pools/pool-create-plan';
import { hostPlacementProblems, poolNameProblems } from '../../src/domain/pools/pool-eligibility';
import { parsePoolLabels, parsePoolTaints } from '../../src/domain/pools/pool-metadata';
import { parseProfileRef } from '../../src/domain/profile-ref';
import { type ClusterProfile, checkProfileForCluster } from '../../src/domain/profiles';
import { hasRole, roleOfUser } from '../authorize';
import type { HandlerDeps } from '../handler-deps';
import { requestIdOf } from '../request-id';
import { acceptForm, FORM_NOT_TAKEN } from './accept-form';
import { poolFormCandidates } from './pool-modals';
import type { StateValues } from './view-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Slack shows a field's error up to this length. */
const FIELD_ERROR_MAX = 2000;

interface FieldValue {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/**
 * The pool form: every problem the text command would name that the bot's own records can tell
 * (name, profile, hosts, labels, taints, how many at once) is shown under its field and the form
 * stays open; what needs AWS or the cluster (SSM's ping, the host's OS, the cluster's readiness)
 * the job checks, as for `/hybrid pool create`.
 */
export function poolCreateSubmit(deps: HandlerDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const user = body.user.id;
    const { role } = specOf('pool create');
    if (!hasRole(await roleOfUser(user, deps), role)) {
      return void (await ack({
        response_action: 'errors',
        errors: { [POOL_BLOCKS.name]: `Creating pools needs the ${role} role.` },
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

    const errors = await poolFormErrors(deps, {
      cluster,
      name,
      profile,
      arch,
      picked,
      labels,
      taints,
      maxParallel,
    });
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));

    const requestId = requestIdOf(body.team?.id ?? '', body.trigger_id ?? view.id);
    const job = commandJob(
      'pool create',
      // No response_url comes with a form: answers go to the user's DM with the bot.
      { requestId, user, channel: user, teamId: body.team?.id, receivedAt: deps.clock.now() },
      {
        positionals: { name },
        options: {
          cluster,
          profile,
          arch,
          hosts: picked.map((v) => v.slice(v.indexOf('/') + 1)),
          ...(labels ? { labels } : {}),
          ...(taints ? { taints } : {}),
          ...(maxParallel ? { 'max-parallel': maxParallel } : {}),
        },
      },
    );
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

interface PoolForm {
  cluster: string;
  name: string;
  profile: string;
  arch: string;
  /** The hosts' option values, `cluster/host`. */
  picked: string[];
  labels: string;
  taints: string;
  maxParallel: string;
}

/** The form's problems by block ID, from Redis reads only (the pool-eligibility rules decide). */
async function poolFormErrors(deps: HandlerDeps, f: PoolForm): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  const put = (block: string, problems: readonly string[]) => {
    if (problems.length > 0) errors[block] = truncate(problems.join(' '), FIELD_ERROR_MAX);
  };
  if (!deps.hosts.clusterNames.includes(f.cluster)) {
    put(POOL_BLOCKS.cluster, [`Pick a cluster: ${deps.hosts.clusterNames.join(', ')}.`]);
    return errors;
  }
  const arch = f.arch === 'amd64' || f.arch === 'arm64' ? f.arch : undefined;
  if (!arch) put(POOL_BLOCKS.arch, ['Pick amd64 or arm64.']);
  const [existing, { inventory }, profile] = await Promise.all([
    deps.pools.list(f.cluster),
    poolFormCandidates(deps),
    formProfile(deps, f.profile),
  ]);
  put(
    POOL_BLOCKS.name,
    poolNameProblems({ cluster: f.cluster, pool: f.name, existingPools: existing.map((p) => p.name) }),
  );
  if (profile.problem) put(POOL_BLOCKS.profile, [profile.problem]);
  else if (profile.found) {
    // The control plane's version as jobs last read it from EKS; unknown, the job checks it.
    const version = (await deps.hosts.clusterInfo.get(f.cluster))?.version;
    if (version)
      put(
        POOL_BLOCKS.profile,
        checkProfileForCluster(profile.found, version).map((p) => p.message),
      );
  }
  if (f.picked.length === 0) put(POOL_BLOCKS.hosts, ['Pick at least one host.']);
  else if (arch) {
    put(
      POOL_BLOCKS.hosts,
      f.picked.flatMap((v) =>
        hostPlacementProblems(v.slice(v.indexOf('/') + 1), {
          cluster: f.cluster,
          pool: f.name,
          arch,
          inventory,
        }),
      ),
    );
  }
  const labels = parsePoolLabels(f.labels);
  if (!labels.ok) put(POOL_BLOCKS.labels, labels.problems);
  const taints = parsePoolTaints(f.taints);
  if (!taints.ok) put(POOL_BLOCKS.taints, taints.problems);
  if (f.maxParallel && !parseMaxParallel(f.maxParallel).ok) {
    put(POOL_BLOCKS.maxParallel, ['A whole number from 1 to 50.']);
  }
  return errors;
}

/** The picked `name@version` from the profile store, or why it cannot be used. */
async function formProfile(
  deps: HandlerDeps,
  text: string,
): Promise<{ found?: ClusterProfile; problem?: string }> {
  if (!text) return { problem: 'Pick a profile; make one with `/hybrid profile create` if there is none.' };
  const parsed = parseProfileRef(text, { versionRequired: true });
  if (!parsed.ok) return { problem: parsed.message };
  const { name, version = '' } = parsed.ref;
  const versions = await deps.profiles.store.versions(name);
  if (versions.length === 0) return { problem: unknownProfileText(name, await deps.profiles.store.names()) };
  const found = versions.find((v) => v.version === version);
  if (!found)
    return {
      problem: unknownVersionText(
        name,
        version,
        versions.map((v) => v.version),
      ),
    };
  return { found: found.profile };
}
