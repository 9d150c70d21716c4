import type { PoolRecord } from '../src/adapters/redis/pool-store';
import type { ClusterConfig } from '../src/config/schema';
import { type ChoiceSubject, chooseCluster } from '../src/domain/cluster-choice';
import type { HostRecord } from '../src/domain/host-status';
import { BotError, ErrorCode } from '../src/errors';
import type { RequestContext } from '../src/job-data';
import type { CommandDeps } from './job-context';

type Deps = Pick<CommandDeps, 'config' | 'stores'>;

/** A command job whose spec has a `--cluster` option. */
type CommandJobData = { request: RequestContext; options: { cluster?: string } };

const given = (data: CommandJobData) => data.options.cluster;

/** The facts gathered, the one rule applied (src/domain/cluster-choice), its refusal thrown as the user's answer. */
function decide(deps: Deps, data: CommandJobData, subject?: ChoiceSubject): ClusterConfig {
  const choice = chooseCluster({
    given: given(data),
    clusters: deps.config.clusters,
    channel: data.request.channel,
    ...(subject ? { subject } : {}),
  });
  if (!choice.ok) {
    throw new BotError(
      choice.reason === 'not-found' ? ErrorCode.NotFound : ErrorCode.Validation,
      choice.message,
    );
  }
  return deps.config.clusters.find((c) => c.name === choice.cluster) as ClusterConfig;
}

/** The cluster the rule settles on without a pool or host to go by, if it does. */
export function clearCluster(deps: Pick<Deps, 'config'>, data: CommandJobData): ClusterConfig | undefined {
  const choice = chooseCluster({
    given: given(data),
    clusters: deps.config.clusters,
    channel: data.request.channel,
  });
  return choice.ok ? deps.config.clusters.find((c) => c.name === choice.cluster) : undefined;
}

/** The cluster of a command about no existing pool or host; `hosts` (a new pool's) hint at it when all are in one. */
export async function commandCluster(
  deps: Deps,
  data: CommandJobData,
  hosts: readonly string[] = [],
): Promise<ClusterConfig> {
  if (hosts.length === 0 || given(data)) return decide(deps, data);
  const holding = await Promise.all(
    hosts.map(async (h) =>
      (await deps.stores.inventory.find(h)).filter((r) => !r.deregistered).map((r) => r.cluster),
    ),
  );
  const all = deps.config.clusters
    .map((c) => c.name)
    .filter((c) => holding.every((where) => where.includes(c)));
  return decide(deps, data, { kind: 'host', name: hosts.join(','), in: all, mustExist: false });
}

/** The pool a command names, and its cluster. */
export async function poolAndCluster(
  deps: Deps,
  data: CommandJobData,
  name: string,
): Promise<{ cluster: ClusterConfig; pool: PoolRecord }> {
  const pools = (await deps.stores.pools.list()).filter((p) => p.name === name);
  const cluster = decide(deps, data, {
    kind: 'pool',
    name,
    in: pools.map((p) => p.cluster),
    mustExist: true,
  });
  return { cluster, pool: pools.find((p) => p.cluster === cluster.name) as PoolRecord };
}

/** The registered host a command names (a deregistered one only if asked), and its cluster. */
export async function hostAndCluster(
  deps: Deps,
  data: CommandJobData,
  name: string,
  opts: { withDeregistered?: boolean } = {},
): Promise<{ cluster: ClusterConfig; host: HostRecord }> {
  const hosts = (await deps.stores.inventory.find(name)).filter(
    (h) => opts.withDeregistered || !h.deregistered,
  );
  const cluster = decide(deps, data, {
    kind: 'host',
    name,
    in: hosts.map((h) => h.cluster),
    mustExist: true,
  });
  return { cluster, host: hosts.find((h) => h.cluster === cluster.name) as HostRecord };
}
