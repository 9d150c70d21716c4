import semver from 'semver';
import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { DiffLine, PlannedChange } from '../changes/planner';
import { durationWords } from '../duration-words';
import { counted } from '../plural';
import { type PoolUpgradePlan, poolUpgradePlanSchema } from '../rollouts/pool-upgrade-plan';
import { WAVE_KINDS } from './fleet-waves';

export const FLEET_ROLLOUT_KIND = 'fleet-rollout';

/** What a fleet does with a pool whose hosts SSM cannot reach when its turn comes. */
export const OFFLINE_POLICIES = ['skip', 'wait', 'stop'] as const;
export type OfflinePolicy = (typeof OFFLINE_POLICIES)[number];

const fleetPoolSchema = z.object({
  wave: z.number().int().min(0),
  sites: z.array(z.string()),
  /** How long its own rollout should take, from its node count and the typical node time. */
  estimatedMs: z.number().min(0),
  /** The gates it passed when planned, as the approver reads them. */
  gates: z.array(z.string()),
  /** Its own rollout, planned and approved with the fleet: started as it is when its wave comes. */
  rollout: poolUpgradePlanSchema,
});

export type FleetPool = z.infer<typeof fleetPoolSchema>;

export const fleetPlanSchema = z.object({
  profile: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  clusters: z.array(z.string().min(1)).min(1),
  /** The `--pools` selector as given, when one narrowed the selection. */
  selector: z.string().optional(),
  by: z.enum(WAVE_KINDS),
  waveSize: z.number().int().min(1),
  canary: z.string().optional(),
  parallelPools: z.number().int().min(1),
  bakeMs: z.number().int().min(0),
  offline: z.enum(OFFLINE_POLICIES),
  /** How long `--offline wait` holds a pool before it is left for later. */
  offlineWaitMs: z.number().int().min(0),
  strategy: z.enum(['in-place', 'cutover']),
  waves: z.array(z.object({ name: z.string(), estimatedMs: z.number().min(0) })).min(1),
  pools: z.array(fleetPoolSchema).min(1),
  leftOut: z.array(z.object({ cluster: z.string(), pool: z.string(), why: z.string() })),
});

export type FleetPlan = z.infer<typeof fleetPlanSchema>;

export const FLEET_STEPS = {
  start: 'fleet-pool-start',
  await: 'fleet-pool-await',
  bake: 'fleet-bake',
  /** Rolling back: a pool of the last wave back to the version it ran. */
  back: 'fleet-pool-back',
} as const;

/**
 * Roll back: the pools of the last wave that started go back to the version each ran (a pool
 * still rolling is rolled back by its own change; one done gets a rollout back, gated as any);
 * the earlier waves, already baked, stay. Nothing when no pool has started.
 */
export function fleetRollbackSteps(
  plan: FleetPlan,
  steps: readonly { key: string; state: string; wave?: number }[],
): StepSpec[] {
  const started = (p: FleetPool) =>
    steps.some((s) => s.key === `${fleetPoolGroup(p.rollout)}.start` && s.state === 'done');
  const last = Math.max(-1, ...plan.pools.filter(started).map((p) => p.wave));
  return plan.pools
    .filter((p) => p.wave === last && started(p))
    .map((p) => ({
      key: `back:${fleetPoolGroup(p.rollout)}`,
      action: FLEET_STEPS.back,
      title: `Pool ${p.rollout.pool} (cluster ${p.rollout.cluster}) back to ${p.rollout.from.name}@${p.rollout.from.version}`,
      group: `back:${fleetPoolGroup(p.rollout)}`,
      skippable: true,
      skipsGroup: true,
      back: true,
      input: { cluster: p.rollout.cluster, pool: p.rollout.pool },
    }));
}

/** The journal's group of a pool of the fleet. */
export const fleetPoolGroup = (p: { cluster: string; pool: string }) => `${p.cluster}/${p.pool}`;

/** A wave's pools run in journal wave 2w, its bake in 2w+1: the next wave waits for both. */
const poolWave = (wave: number) => 2 * wave;
const bakeWave = (wave: number) => 2 * wave + 1;

const isDowngrade = (r: PoolUpgradePlan) =>
  r.from.name === r.to.name && semver.valid(r.from.version) && semver.valid(r.to.version)
    ? semver.lt(r.to.version, r.from.version)
    : false;

/** What the pool's own rollout does, in a few words: the layers that change and how. */
export function poolRolloutWords(r: PoolUpgradePlan): string {
  const how = r.cutover ? 'cut over to spare hosts' : r.reimage ? 're-imaged host by host' : 'in place';
  const what =
    r.action === 'none'
      ? 'nothing on the nodes changes, only the pool’s version'
      : r.action === 'reimage'
        ? `new OS image, kubernetes ${r.to.kubernetesVersion}`
        : r.from.kubernetesVersion !== r.to.kubernetesVersion
          ? `kubernetes ${r.from.kubernetesVersion} → ${r.to.kubernetesVersion}`
          : 'new kubelet/containerd settings';
  return r.action === 'none' ? what : `${what}, ${how}`;
}

function poolLine(p: FleetPool): string {
  const r = p.rollout;
  const where =
    p.sites.length > 0 ? `site${p.sites.length === 1 ? '' : 's'} ${p.sites.join(', ')}` : 'no site';
  const down = isDowngrade(r) ? ' DOWNGRADE' : '';
  const window = r.window ? `, only inside ${r.window} UTC` : '';
  return `${r.cluster}/${r.pool} (${where}, ${counted(r.nodes.length, 'node')}): ${r.from.name}@${r.from.version} → ${r.to.name}@${r.to.version}${down}; ${poolRolloutWords(r)}, ${r.maxUnavailable} at a time${window}; ~${durationWords(p.estimatedMs)}`;
}

const OFFLINE_WORDS: Record<OfflinePolicy, (waitMs: number) => string> = {
  skip: () =>
    'a pool with a host SSM cannot reach when its turn comes is left for later and listed; the wave goes on',
  wait: (ms) =>
    `a pool with a host SSM cannot reach waits up to ${durationWords(ms)} for it (the wave goes on meanwhile), then is left for later`,
  stop: () => 'a pool with a host SSM cannot reach pauses the fleet until someone decides',
};

/**
 * A fleet rollout: one profile version across pools of several clusters, wave by wave. Each pool's
 * own rollout (planned, gated and approved with the fleet) runs as a change of its own when its
 * wave comes, at most `parallelPools` at once; after each wave but the last the fleet bakes, and a
 * firing alert in a rolled pool or site pauses it.
 */
export function planFleetRollout(plan: FleetPlan): PlannedChange<FleetPlan> {
  const steps: StepSpec[] = [];
  const last = plan.waves.length - 1;
  for (const [w, wave] of plan.waves.entries()) {
    for (const p of plan.pools.filter((x) => x.wave === w)) {
      const group = fleetPoolGroup(p.rollout);
      const input = { cluster: p.rollout.cluster, pool: p.rollout.pool };
      steps.push(
        {
          key: `${group}.start`,
          action: FLEET_STEPS.start,
          title: `Start pool ${p.rollout.pool}'s rollout (cluster ${p.rollout.cluster}, wave ${w + 1})`,
          group,
          wave: poolWave(w),
          skippable: true,
          skipsGroup: true,
          input,
        },
        {
          key: `${group}.done`,
          action: FLEET_STEPS.await,
          title: `Pool ${p.rollout.pool} (cluster ${p.rollout.cluster}) at ${plan.profile.name}@${plan.profile.version}`,
          group,
          wave: poolWave(w),
          skippable: true,
          skipsGroup: true,
          input,
        },
      );
    }
    if (plan.bakeMs > 0 && w < last) {
      steps.push({
        key: `wave-${w + 1}.bake`,
        action: FLEET_STEPS.bake,
        title: `Bake wave ${w + 1} (${wave.name}) for ${durationWords(plan.bakeMs)}`,
        group: `wave-${w + 1}-bake`,
        wave: bakeWave(w),
        bookkeeping: true,
        skippable: true,
        input: { wave: w },
      });
    }
  }
  const nodes = plan.pools.reduce((n, p) => n + p.rollout.nodes.length, 0);
  const total = plan.waves.reduce((ms, w) => ms + w.estimatedMs, 0) + plan.bakeMs * last;
  const ref = `${plan.profile.name}@${plan.profile.version}`;
  const downgrades = plan.pools.filter((p) => isDowngrade(p.rollout));
  const summary = [
    `${ref} to ${counted(plan.pools.length, 'pool')} (${counted(nodes, 'node')}) in ${counted(new Set(plan.pools.map((p) => p.rollout.cluster)).size, 'cluster')}, ${counted(plan.waves.length, 'wave')} ${plan.by.replace('-', ' ')}${plan.canary ? `, canary ${plan.canary} first` : ''}; ${counted(plan.parallelPools, 'pool')} at once; about ${durationWords(total)} in all`,
    plan.bakeMs > 0
      ? `after each wave but the last the fleet bakes for ${durationWords(plan.bakeMs)}: the wave's nodes Ready at the target, their pods Ready, no alert firing for its pools or sites; a firing alert there pauses the fleet (Resume, Skip pool, Abort)`
      : 'no bake: each wave starts as soon as the one before is done',
    OFFLINE_WORDS[plan.offline](plan.offlineWaitMs),
    "each pool's rollout runs as its own change (approved with this one), cordoning and draining node by node with PodDisruptionBudgets respected; a pool that fails pauses the fleet",
    'Roll back (while it runs or paused) takes the pools of the last wave that started back to the version each ran, where its layers allow (a Kubernetes minor raised in place cannot go back: those pools are named, with the way out); earlier waves stay',
    ...(downgrades.length > 0
      ? [
          `DOWNGRADE: ${downgrades.map((p) => `${p.rollout.cluster}/${p.rollout.pool} ${p.rollout.from.version} → ${p.rollout.to.version}`).join(', ')}`,
        ]
      : []),
    ...plan.waves.map((wave, w) => {
      const pools = plan.pools.filter((p) => p.wave === w);
      return `wave ${w + 1} (${wave.name}): ${counted(pools.length, 'pool')}, ${counted(
        pools.reduce((n, p) => n + p.rollout.nodes.length, 0),
        'node',
      )}, ~${durationWords(wave.estimatedMs)}`;
    }),
    ...(plan.leftOut.length > 0 ? [`left out: ${counted(plan.leftOut.length, 'pool')} (listed below)`] : []),
  ];
  const diff: DiffLine[] = [
    ...plan.pools.flatMap((p): DiffLine[] => [
      { op: 'change', text: `wave ${p.wave + 1} · ${poolLine(p)}` },
      { op: 'same', text: `    gates passed: ${p.gates.join(', ')}` },
    ]),
    ...plan.leftOut.map(
      (l): DiffLine => ({ op: 'same', text: `left out · ${l.cluster}/${l.pool}: ${l.why}` }),
    ),
  ];
  return {
    kind: FLEET_ROLLOUT_KIND,
    target: { cluster: plan.clusters[0] ?? '', kind: 'fleet', name: plan.profile.name },
    title: `Roll ${ref} out to ${counted(plan.pools.length, 'pool')} across the fleet (${counted(nodes, 'node')})`,
    summary,
    diff,
    steps,
    maxParallel: plan.parallelPools,
    unit: 'pools',
    canRollBack: true,
    plan,
  };
}

export const fleetRolloutPlanner = {
  kind: FLEET_ROLLOUT_KIND,
  parse: (raw: unknown) => fleetPlanSchema.parse(raw),
  describe: planFleetRollout,
};
