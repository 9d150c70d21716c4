import type { ClusterConfig } from '../../src/config/schema';
import { findCluster } from '../../src/domain/cluster-choice';
import { fleetChannels } from '../../src/domain/fleets/fleet-channels';
import { parseFleetLimits, selectFleetPools } from '../../src/domain/fleets/fleet-options';
import { type FleetPlan, type FleetPool, planFleetRollout } from '../../src/domain/fleets/fleet-plan';
import { assignWaves, waveMs } from '../../src/domain/fleets/fleet-waves';
import { counted } from '../../src/domain/plural';
import { parseUpgradeLimits } from '../../src/domain/rollouts/upgrade-limits';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { findProfile } from '../profiles/profile-lookup';
import { planPoolRolloutFor, ROLLOUT_GATES } from '../rollouts/pool-upgrade';
import { checkFleetChannel } from './fleet-channel-check';

/** How long a node's upgrade takes, for the plan's estimates: drain, nodeadm, Ready, uncordon. */
export const TYPICAL_NODE_MS = 10 * 60_000;
/** How long `--offline wait` holds a pool before leaving it for later. */
export const OFFLINE_WAIT_MS = 60 * 60_000;

/**
 * `/hybrid fleet upgrade --profile name@version …`: every pool of the profile on an older version
 * in the clusters named, each pool's own rollout planned and gated as `pool upgrade` would, cut
 * into waves; the pools that cannot go are listed with why. One plan for a second approver.
 */
export const fleetUpgrade: CommandProcessor<'fleet upgrade'> = async (job, deps) => {
  const { options, request } = job.data;
  if (!options.profile) {
    throw new BotError(ErrorCode.Validation, 'Say which profile version with --profile <name>@<version>.');
  }
  const { limits, problems } = parseFleetLimits(options);
  const nodeLimits = parseUpgradeLimits(
    { maxUnavailable: options['max-unavailable'], window: options.window },
    'flags',
  );
  problems.push(...Object.values(nodeLimits.problems));
  const strategy = options.strategy ?? 'in-place';
  if (strategy !== 'in-place' && strategy !== 'cutover') {
    problems.push(`--strategy ${strategy} is unknown: use in-place or cutover.`);
  }
  const clusters = clustersOf(deps, options.clusters ?? [], problems);
  if (problems.length > 0) {
    throw new BotError(
      ErrorCode.Validation,
      `Nothing was planned:\n${problems.map((p) => `• ${p}`).join('\n')}`,
    );
  }
  if (deps.config.fleets.channel) await checkFleetChannel(deps, deps.config.fleets.channel);
  const { found: target } = await findProfile(deps, options.profile, { versionRequired: true });
  const ref = { name: target.profile.metadata.name, version: target.version };
  const all = (await Promise.all(clusters.map((c) => deps.stores.pools.list(c.name)))).flat();
  const { selected, leftOut } = selectFleetPools(all, ref, options.pools ?? []);
  const pools: Omit<FleetPool, 'wave'>[] = [];
  const versionsRead = new Map<string, typeof target>();
  for (const pool of selected) {
    const cluster = clusters.find((c) => c.name === pool.cluster) as ClusterConfig;
    const currentRef = `${pool.profile.name}@${pool.profile.version}`;
    // Many pools run the same version: each is read once.
    const current = versionsRead.get(currentRef) ?? (await findProfile(deps, currentRef)).found;
    versionsRead.set(currentRef, current);
    // The cluster's own maintenance window, unless the fleet names one for every cluster.
    const limits = options.window
      ? nodeLimits
      : parseUpgradeLimits(
          { maxUnavailable: options['max-unavailable'], window: cluster.maintenanceWindow },
          'flags',
        );
    const planned = await planPoolRolloutFor(deps, {
      cluster,
      pool,
      target,
      current,
      limits,
      strategy,
      spares: [],
    });
    if (!planned.ok) {
      leftOut.push({ cluster: pool.cluster, pool: pool.name, why: planned.problems.join(' ') });
      continue;
    }
    const rollout = planned.plan;
    const steps = rollout.action === 'none' ? 0 : Math.ceil(rollout.nodes.length / rollout.maxUnavailable);
    pools.push({
      sites: [...new Set(rollout.nodes.flatMap((n) => (n.site ? [n.site] : [])))].sort(),
      estimatedMs: steps * TYPICAL_NODE_MS,
      gates: [...ROLLOUT_GATES],
      rollout,
    });
  }
  if (pools.length === 0) {
    const why = leftOut.map((l) => `• ${l.cluster}/${l.pool}: ${l.why}`).join('\n');
    throw new BotError(
      ErrorCode.Validation,
      `No pool can move to ${ref.name}@${ref.version}${why ? `:\n${why}` : `: no pool in ${counted(clusters.length, 'cluster')} runs profile ${ref.name} on an older version.`}`,
    );
  }
  const waves = assignWaves(
    pools.map((p) => ({ ...p, cluster: p.rollout.cluster, pool: p.rollout.pool })),
    { by: limits.by, size: limits.waveSize, ...(options.canary ? { canary: options.canary } : {}) },
  );
  if (options.canary && !waves[0]?.name.startsWith('canary')) {
    throw new BotError(
      ErrorCode.Validation,
      `--canary ${options.canary} names no site, pool or cluster of the pools this rollout takes: name one of ${[
        ...new Set(pools.flatMap((p) => [...p.sites, p.rollout.pool])),
      ]
        .slice(0, 10)
        .join(', ')}.`,
    );
  }
  const plan: FleetPlan = {
    profile: ref,
    clusters: clusters.map((c) => c.name),
    ...(options.pools?.length ? { selector: options.pools.join(',') } : {}),
    by: limits.by,
    waveSize: limits.waveSize,
    ...(options.canary ? { canary: options.canary } : {}),
    parallelPools: limits.parallelPools,
    bakeMs: limits.bakeMs,
    offline: limits.offline,
    offlineWaitMs: OFFLINE_WAIT_MS,
    strategy: strategy as FleetPlan['strategy'],
    waves: waves.map((w) => ({
      name: w.name,
      estimatedMs: waveMs(
        w.pools.map((p) => p.estimatedMs),
        limits.parallelPools,
      ),
    })),
    pools: waves.flatMap((w, wave) =>
      w.pools.map(({ sites, estimatedMs, gates, rollout }) => ({ wave, sites, estimatedMs, gates, rollout })),
    ),
    leftOut,
  };
  // The first pool's cluster first: its channel is home unless the configuration names one for fleets.
  const involved = new Set(plan.pools.map((p) => p.rollout.cluster));
  const channels = [plan.pools[0]?.rollout.cluster, ...clusters.map((c) => c.name)]
    .filter((name) => name !== undefined && involved.has(name))
    .map((name) => (clusters.find((c) => c.name === name) as ClusterConfig).channel);
  const { home, mirrors } = fleetChannels(channels, deps.config.fleets.channel);
  return proposeCommandChange(deps, request, { channel: home }, planFleetRollout(plan), { mirrors });
};

/** The clusters named (all of the configured ones when none or `all`); an unknown one is a problem. */
function clustersOf(deps: CommandDeps, names: string[], problems: string[]): ClusterConfig[] {
  if (names.length === 0 || (names.length === 1 && names[0] === 'all')) return [...deps.config.clusters];
  const found: ClusterConfig[] = [];
  for (const name of names) {
    const f = findCluster(deps.config.clusters, name);
    if (f.ok) found.push(f.cluster);
    else problems.push(f.message);
  }
  return found;
}
