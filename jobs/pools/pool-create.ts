import type { ClusterConfig } from '../../src/config/schema';
import { planCoreDnsPlacement } from '../../src/domain/pools/coredns-placement';
import {
  DEFAULT_MAX_PARALLEL,
  type PoolCreatePlan,
  parseMaxParallel,
  planPoolCreate,
} from '../../src/domain/pools/pool-create-plan';
import { poolRequestProblems } from '../../src/domain/pools/pool-eligibility';
import { parsePoolLabels, parsePoolTaints } from '../../src/domain/pools/pool-metadata';
import { taintFromText } from '../../src/domain/pools/pool-taints';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import { commandCluster, poolAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { findProfile, type StoredProfile } from '../profiles/profile-lookup';
import { gatherCoreDnsFacts } from './coredns-facts';
import { candidateHosts, clusterReadiness } from './pool-facts';

/**
 * `/hybrid pool create <name> --cluster c --profile p[@v] --hosts h1,h2 [--labels …] [--taints …]`:
 * every problem named before any plan; then the plan, per host, waits for a second person.
 */
export const createPool: CommandProcessor<'pool create'> = async (job, deps) => {
  const { options, positionals } = job.data;
  if (!positionals.name) {
    throw new BotError(
      ErrorCode.Validation,
      'Name the pool: `/hybrid pool create <name> --cluster c --profile p --hosts h1,h2`, or `/hybrid pool create` alone for the form.',
    );
  }
  const cluster = await commandCluster(deps, job.data, options.hosts);
  const problems: string[] = [];
  const labels = parsePoolLabels(options.labels);
  const taints = parsePoolTaints(options.taints);
  if (!labels.ok) problems.push(...labels.problems);
  if (!taints.ok) problems.push(...taints.problems);
  const profileRef = options.profile;
  if (!profileRef) {
    throw new BotError(
      ErrorCode.Validation,
      'Say which profile with --profile name[@version]: see `/hybrid profiles`. Nothing was changed.',
    );
  }
  const { found } = await findProfile(deps, profileRef);
  return proposeJoin(job, deps, {
    cluster,
    pool: positionals.name ?? '',
    profile: found,
    labels: labels.ok ? labels.value : {},
    taints: taints.ok ? taints.value : [],
    arch: options.arch,
    problems,
  });
};

/** `/hybrid pool add <pool> --cluster c --hosts h1,h2`: the same checks and steps, the pool's own settings. */
export const addToPool: CommandProcessor<'pool add'> = async (job, deps) => {
  const { positionals } = job.data;
  const { cluster, pool } = await poolAndCluster(deps, job.data, positionals.pool ?? '');
  const { found } = await findProfile(deps, `${pool.profile.name}@${pool.profile.version}`);
  return proposeJoin(job, deps, {
    cluster,
    pool: pool.name,
    profile: found,
    labels: pool.labels,
    taints: pool.taints,
    arch: pool.arch,
    maxParallel: pool.maxParallel,
    adding: true,
    problems: [],
  });
};

interface JoinRequest {
  cluster: ClusterConfig;
  pool: string;
  profile: StoredProfile;
  labels: Record<string, string>;
  taints: string[];
  arch: string | undefined;
  maxParallel?: number;
  adding?: boolean;
  problems: string[];
}

async function proposeJoin(
  job: Parameters<CommandProcessor<'pool create' | 'pool add'>>[0],
  deps: CommandDeps,
  r: JoinRequest,
) {
  const { options, request } = job.data;
  const { cluster, problems } = r;
  const maxParallel =
    maxParallelOf(options['max-parallel'], problems) ?? r.maxParallel ?? DEFAULT_MAX_PARALLEL;
  const hostNames = options.hosts ?? [];
  const onFailure = options['on-failure'] ?? 'pause';
  if (onFailure !== 'pause' && onFailure !== 'continue') {
    problems.push(`--on-failure ${onFailure} is unknown: use pause (the default) or continue.`);
  }
  const [inventory, readiness, existing] = await Promise.all([
    candidateHosts(deps, cluster, hostNames),
    clusterReadiness(deps, cluster),
    deps.stores.pools.list(cluster.name),
  ]);
  const arch = chooseArch(r.arch, inventory, hostNames, cluster.name, problems);
  const profile = r.profile.profile;
  problems.push(
    ...poolRequestProblems({
      cluster: cluster.name,
      pool: r.pool,
      arch,
      hosts: hostNames,
      existingPools: existing.map((p) => p.name),
      inventory,
      profile,
      controlPlaneVersion: readiness.controlPlaneVersion,
      blockingChecks: readiness.blockingChecks,
      ...(readiness.cniMissing ? { cniMissing: readiness.cniMissing } : {}),
      ...(r.adding ? { adding: true } : {}),
    }),
  );
  if (problems.length > 0) {
    throw new BotError(
      ErrorCode.Validation,
      `${r.adding ? `Hosts cannot be added to pool ${r.pool}` : `Pool ${r.pool} cannot be made as asked`}; nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`,
    );
  }
  const hosts = hostNames.map((name) => {
    const host = inventory.find((h) => h.name === name && h.cluster === cluster.name)!;
    return {
      name,
      auth: host.auth,
      ...(host.site ? { site: host.site } : {}),
      ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
      ...(host.nodeName ? { adoptNode: host.nodeName } : {}),
    };
  });
  const coredns = planCoreDnsPlacement(
    await gatherCoreDnsFacts(deps.cloud.forCluster(cluster), cluster.name, {
      count: hosts.filter((h) => !h.adoptNode).length,
      taints: r.taints.map(taintFromText),
    }),
  );
  const plan: PoolCreatePlan = {
    cluster: cluster.name,
    pool: r.pool,
    arch,
    profile: {
      name: profile.metadata.name,
      version: profile.metadata.version,
      kubernetesVersion: profile.spec.kubernetes.version,
      containerdSource: profile.spec.kubernetes.containerdSource,
    },
    labels: r.labels,
    taints: r.taints,
    maxParallel,
    onFailure: onFailure === 'continue' ? 'continue' : 'pause',
    ...(r.adding ? { adding: true } : {}),
    hosts,
    ...(coredns.line
      ? { coredns: { line: coredns.line, ...(coredns.step ? { step: coredns.step } : {}) } }
      : {}),
  };
  return proposeCommandChange(deps, request, cluster, planPoolCreate(plan));
}

function maxParallelOf(value: string | undefined, problems: string[]): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseMaxParallel(value);
  if (!parsed.ok) problems.push(parsed.problem);
  return parsed.ok ? parsed.value : undefined;
}

/** The pool's architecture: as given, else the hosts' own when they agree. */
function chooseArch(
  given: string | undefined,
  inventory: readonly { name: string; cluster: string; arch?: 'amd64' | 'arm64' }[],
  hosts: readonly string[],
  cluster: string,
  problems: string[],
): 'amd64' | 'arm64' {
  if (given !== undefined) {
    if (given === 'amd64' || given === 'arm64') return given;
    problems.push(`--arch ${given} is unknown: use amd64 or arm64.`);
    return 'amd64';
  }
  const known = new Set(
    inventory.filter((h) => h.cluster === cluster && hosts.includes(h.name) && h.arch).map((h) => h.arch!),
  );
  if (known.size > 1) {
    problems.push('The hosts mix amd64 and arm64: a pool has one architecture; say which with --arch.');
  }
  return known.size === 1 ? [...known][0]! : 'amd64';
}
