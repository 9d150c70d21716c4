import type { PoolRecord } from '../../src/adapters/redis/pool-store';
import type { ClusterConfig } from '../../src/config/schema';
import { blockingBudgets } from '../../src/domain/disruption-budgets';
import type { ClusterProfile } from '../../src/domain/profiles/profile';
import { diffProfiles } from '../../src/domain/profiles/profile-diff';
import { chooseSpares } from '../../src/domain/rollouts/cutover-spares';
import { planRollout } from '../../src/domain/rollouts/pool-rollout-planner';
import type { PoolUpgradePlan } from '../../src/domain/rollouts/pool-upgrade-plan';
import { rolloutAction } from '../../src/domain/rollouts/rollout-action';
import { rolloutRefusals } from '../../src/domain/rollouts/rollout-gates';
import { parseUpgradeLimits, type UpgradeLimits } from '../../src/domain/rollouts/upgrade-limits';
import { BotError, ErrorCode } from '../../src/errors';
import { readCniState } from '../cluster/read-cni';
import { proposeCommandChange } from '../command-change';
import { poolAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { candidateHosts, poolHostOsProblems } from '../pools/pool-facts';
import { findProfile } from '../profiles/profile-lookup';

/**
 * `/hybrid pool upgrade <pool> --cluster c --profile name@version [--max-unavailable N] [--window HH:MM-HH:MM]`:
 * the plan per node from the layers that change, every gate checked before an approver sees it.
 */
export const upgradePool: CommandProcessor<'pool upgrade'> = async (job, deps) => {
  const { options, positionals, request } = job.data;
  const { cluster, pool } = await poolAndCluster(deps, job.data, positionals.pool ?? '');
  const profileRef = options.profile;
  if (!profileRef) {
    throw new BotError(
      ErrorCode.Validation,
      `Say which profile version with --profile ${pool.profile.name}@<version>.`,
    );
  }
  // The same reading as the upgrade form's, so both accept and refuse the same limits.
  // The cluster's maintenance window unless the command names its own.
  const limits = parseUpgradeLimits(
    { maxUnavailable: options['max-unavailable'], window: options.window ?? cluster.maintenanceWindow },
    'flags',
  );
  const [{ found: target }, { found: current }] = await Promise.all([
    findProfile(deps, profileRef),
    findProfile(deps, `${pool.profile.name}@${pool.profile.version}`),
  ]);
  const planned = await planPoolRolloutFor(deps, {
    cluster,
    pool,
    target,
    current,
    limits,
    strategy: options.strategy ?? 'in-place',
    spares: options.hosts ?? [],
  });
  if (!planned.ok) {
    throw new BotError(
      ErrorCode.Validation,
      `Pool ${pool.name} cannot move to ${target.profile.metadata.name}@${target.version}; nothing was changed:\n${planned.problems.map((p) => `• ${p}`).join('\n')}`,
    );
  }
  return proposeCommandChange(deps, request, cluster, planRollout(planned.plan));
};

type FoundProfile = Awaited<ReturnType<typeof findProfile>>['found'];

export interface PoolRolloutRequest {
  cluster: ClusterConfig;
  pool: PoolRecord;
  target: FoundProfile;
  current: FoundProfile;
  limits: UpgradeLimits;
  strategy: string;
  /** Cutover: the spare hosts named (none: the first eligible ones). */
  spares: string[];
}

/** The gates every planned rollout passed, as a fleet plan lists them per pool. */
export const ROLLOUT_GATES = [
  'version skew',
  'Cilium support',
  'disruption budgets',
  'nodes Ready',
  'host OS',
] as const;

/**
 * A pool's rollout to a profile version, planned with every gate checked (skew, Cilium support,
 * budgets, nodes, host OS, spares); or every problem that stops it, each with its fix. Read-only:
 * `pool upgrade` proposes the plan, a fleet rollout carries it in its own.
 */
export async function planPoolRolloutFor(
  deps: CommandDeps,
  req: PoolRolloutRequest,
): Promise<{ ok: true; plan: PoolUpgradePlan } | { ok: false; problems: string[] }> {
  const { cluster, pool, target, current, limits, strategy } = req;
  const problems: string[] = [];
  const { maxUnavailable, window } = limits;
  problems.push(...Object.values(limits.problems));
  if (strategy !== 'in-place' && strategy !== 'cutover') {
    problems.push(
      `--strategy ${strategy} is unknown: use in-place (upgrade each node where it runs) or cutover (replace each node with a spare host).`,
    );
  }
  const action = rolloutAction(diffProfiles(current.profile, target.profile));
  if (action.action === 'reimage' && strategy === 'cutover') {
    problems.push(
      'The OS layer changes (a re-image): a cutover cannot tell which spare hosts run the new image. Leave out --strategy: each host is re-imaged in place, with your help.',
    );
  }
  if (strategy === 'cutover' && action.action === 'none') {
    problems.push(
      "Nothing a node runs changes, so there is nothing to cut over: leave out --strategy, and only the pool's version moves.",
    );
  }
  if (target.profile.metadata.name === current.profile.metadata.name && target.version === current.version) {
    problems.push(`Pool ${pool.name} already runs ${target.profile.metadata.name}@${target.version}.`);
  }

  const { kube, eks } = deps.cloud.forCluster(cluster);
  const records = await Promise.all(pool.hosts.map((h) => deps.stores.inventory.get(cluster.name, h)));
  const nodes: PoolUpgradePlan['nodes'] = [];
  const facts: { name: string; ready: boolean }[] = [];
  const pods: { namespace: string; name: string; labels: Record<string, string> }[] = [];
  for (const [i, host] of pool.hosts.entries()) {
    const record = records[i];
    const handHost = record?.auth === 'iam-ra';
    if (handHost && (strategy === 'cutover' || action.action !== 'upgrade')) {
      problems.push(
        `Host ${host} uses IAM Roles Anywhere: for it the bot offers only an in-place Kubernetes upgrade, run by you from its instructions (settings alone, re-images and cutovers reach SSM hosts only); take it out of the pool first.`,
      );
      continue;
    }
    const name = record?.node?.name ?? (handHost ? host : record?.managedInstanceId);
    const node = name ? await kube.getNode(name) : undefined;
    if ((!handHost && !record?.managedInstanceId) || !node) {
      problems.push(
        `Host ${host} has no node: see \`/hybrid pool show ${pool.name}\` and remove or fix it first.`,
      );
      continue;
    }
    const site = record?.site ? { site: record.site } : {};
    nodes.push(
      handHost
        ? { host, nodeName: node.name, auth: 'iam-ra', ...site }
        : { host, nodeName: node.name, managedInstanceId: record?.managedInstanceId, ...site },
    );
    facts.push({ name: node.name, ready: node.ready });
    pods.push(
      ...(await kube.listPods({ nodeName: node.name })).filter(
        (p) => !p.mirror && p.owner?.kind !== 'DaemonSet',
      ),
    );
  }
  // Hosts that keep their OS (no re-image, no cutover to spares) must run one the target profile and AWS support.
  if (strategy !== 'cutover' && action.action !== 'reimage') {
    problems.push(...(await poolHostOsProblems(deps, cluster, nodes, target.profile)));
  }
  const [described, cni, budgets] = await Promise.all([
    eks.describeCluster(cluster.name),
    readCniState(deps, cluster),
    pods.length > 0 ? kube.listDisruptionBudgets() : Promise.resolve([]),
  ]);
  const ciliumMinor = /^v?(\d+\.\d+)/.exec(cni.running.agent?.version ?? '')?.[1];
  const refusals = rolloutRefusals({
    cluster: cluster.name,
    pool: pool.name,
    targetVersion: target.profile.spec.kubernetes.version,
    currentVersion: current.profile.spec.kubernetes.version,
    inPlace: strategy === 'in-place' && action.action === 'upgrade',
    controlPlaneVersion: described.version,
    ...(ciliumMinor ? { ciliumMinor } : {}),
    ciliumSupport: deps.config.cilium.kubernetesVersions,
    newestCilium: deps.config.cilium.versions.at(-1),
    nodes: facts,
    maxUnavailable: Number.isInteger(maxUnavailable) ? maxUnavailable : 1,
    blockingBudgets: action.action === 'none' ? [] : blockingBudgets(budgets, pods),
  });
  problems.push(...refusals.map((r) => `${r.reason} ${r.fix}`));
  if (problems.length > 0) return { ok: false, problems };
  const cutover =
    strategy === 'cutover'
      ? await cutoverOf(deps, cluster, pool, target.profile, nodes, req.spares)
      : undefined;
  if (cutover && 'problems' in cutover) problems.push(...cutover.problems);
  if (problems.length > 0) return { ok: false, problems };
  const ref = (p: typeof target) => ({
    name: p.profile.metadata.name,
    version: p.profile.metadata.version,
    kubernetesVersion: p.profile.spec.kubernetes.version,
  });
  const plan: PoolUpgradePlan = {
    cluster: cluster.name,
    pool: pool.name,
    from: ref(current),
    to: ref(target),
    action: action.action,
    why: action.why,
    maxUnavailable,
    ...(window ? { window: window.text.replace(' UTC', '') } : {}),
    nodes,
    ...(cutover && !('problems' in cutover) ? { cutover } : {}),
    ...(action.action === 'reimage'
      ? {
          reimage: {
            arch: pool.arch,
            containerdSource: target.profile.spec.kubernetes.containerdSource,
            labels: pool.labels,
            taints: pool.taints,
            ...(target.profile.spec.os.image ? { image: target.profile.spec.os.image } : {}),
          },
        }
      : {}),
  };
  return { ok: true, plan };
}

/** The cutover's half of the plan: the spare hosts and what they join with; or why there are none. */
async function cutoverOf(
  deps: CommandDeps,
  cluster: ClusterConfig,
  pool: PoolRecord,
  profile: ClusterProfile,
  replacing: PoolUpgradePlan['nodes'],
  given: string[],
): Promise<NonNullable<PoolUpgradePlan['cutover']> | { problems: string[] }> {
  const names =
    given.length > 0
      ? given
      : (await deps.stores.inventory.list(cluster.name)).filter((r) => !r.deregistered).map((r) => r.name);
  const inventory = await candidateHosts(deps, cluster, names);
  const { spares, problems } = chooseSpares({
    cluster: cluster.name,
    pool: pool.name,
    arch: pool.arch,
    inventory,
    profile,
    given,
    replacing,
  });
  if (problems.length > 0) return { problems };
  return {
    arch: pool.arch,
    containerdSource: profile.spec.kubernetes.containerdSource,
    labels: pool.labels,
    taints: pool.taints,
    spares,
  };
}
