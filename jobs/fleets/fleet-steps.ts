import { z } from 'zod';
import type { PingStatus } from '../../src/cloud-ports';
import type { ChangeRecord } from '../../src/domain/changes/change';
import { progressOf } from '../../src/domain/changes/journal';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import { durationWords } from '../../src/domain/duration-words';
import { alertsAbout, type BakeScope } from '../../src/domain/fleets/fleet-bake';
import {
  FLEET_STEPS,
  type FleetPlan,
  type FleetPool,
  fleetPoolGroup,
  fleetRollbackSteps,
  fleetRolloutPlanner,
} from '../../src/domain/fleets/fleet-plan';
import { counted } from '../../src/domain/plural';
import { planRollout } from '../../src/domain/rollouts/pool-rollout-planner';
import { parseUpgradeLimits } from '../../src/domain/rollouts/upgrade-limits';
import { BotError, ErrorCode } from '../../src/errors';
import {
  type ChangeFeature,
  type StepContext,
  StepLeavesGroup,
  StepWaiting,
} from '../changes/change-feature';
import { abortChildChange, startChildChange } from '../changes/child-changes';
import { changeJobId, startChangeJob } from '../changes/engine';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps } from '../job-context';
import { typedStep } from '../nodes/typed-step';
import { findProfile } from '../profiles/profile-lookup';
import { planPoolRolloutFor } from '../rollouts/pool-upgrade';

const poolInput = z.object({ cluster: z.string().min(1), pool: z.string().min(1) });
const bakeInput = z.object({ wave: z.number().int().min(0) });

/** How often a fleet looks at a pool's own change when nothing told it sooner. */
export const FLEET_LOOK_MS = 15_000;

/** The request key of a fleet's pool change: one per fleet and pool, so a retried step finds it. */
export const poolChangeKey = (fleet: string, p: { cluster: string; pool: string }) =>
  `fleet-${fleet}-${fleetPoolGroup(p)}`;

function entryOf(plan: FleetPlan, input: { cluster: string; pool: string }): FleetPool {
  const entry = plan.pools.find((p) => p.rollout.cluster === input.cluster && p.rollout.pool === input.pool);
  if (!entry)
    throw new BotError(
      ErrorCode.Internal,
      `Pool ${input.cluster}/${input.pool} is not in this fleet's plan.`,
    );
  return entry;
}

/** The pool's hosts SSM cannot reach now (IAM Roles Anywhere hosts are reached by a person, not SSM). */
async function offlineHosts(deps: CommandDeps, entry: FleetPool): Promise<string[]> {
  const nodes = entry.rollout.nodes.filter((n) => n.managedInstanceId);
  if (nodes.length === 0) return [];
  const { ssm } = deps.cloud.forCluster(clusterConfig(deps, entry.rollout.cluster));
  const found = await ssm.describeInstances({ instanceIds: nodes.map((n) => n.managedInstanceId as string) });
  const status = new Map(found.map((i) => [i.instanceId, i.pingStatus as PingStatus]));
  return nodes
    .filter((n) => {
      const ping = status.get(n.managedInstanceId as string);
      return !ping || !isReachable(ping);
    })
    .map((n) => n.host);
}

/**
 * Starts a pool's own rollout as a change of its own, approved with the fleet (its plan is the one
 * the approver saw): once per fleet and pool. A pool with hosts offline is left for later, waits,
 * or pauses the fleet, as the plan says.
 */
const startPool = typedStep<FleetPlan, z.infer<typeof poolInput>>(poolInput, async (ctx, input) => {
  const { deps, change, plan } = ctx;
  const entry = entryOf(plan, input);
  const key = poolChangeKey(change.id, input);
  const existing = await deps.stores.changes.byRequest(key);
  if (!existing) await offlineGate(ctx, entry);
  const id = await startChildChange(deps, change, {
    key,
    planned: planRollout(entry.rollout),
    channel: clusterConfig(deps, input.cluster).channel,
    step: `${fleetPoolGroup(input)}.done`,
  });
  return `change ${id} started`;
});

async function offlineGate(ctx: StepContext<FleetPlan>, entry: FleetPool): Promise<void> {
  const offline = await offlineHosts(ctx.deps, entry);
  if (offline.length === 0) return;
  const who = `${counted(offline.length, 'host')} SSM cannot reach (${offline.slice(0, 5).join(', ')}${offline.length > 5 ? ', …' : ''})`;
  const { offline: policy, offlineWaitMs } = ctx.plan;
  const waited = ctx.deps.clock.now() - (ctx.step.startedAt ?? ctx.deps.clock.now());
  if (policy === 'wait' && waited < offlineWaitMs) {
    throw new StepWaiting(
      `waiting for ${who} to come back (${durationWords(offlineWaitMs - waited)} left)`,
      60_000,
    );
  }
  if (policy === 'stop') {
    throw new BotError(
      ErrorCode.Conflict,
      `Pool ${entry.rollout.pool} (cluster ${entry.rollout.cluster}) has ${who}: the fleet pauses (--offline stop). Bring them back and Retry, or Skip the pool.`,
    );
  }
  throw new StepLeavesGroup(
    `${who}; roll it later with \`/hybrid pool upgrade ${entry.rollout.pool} --cluster ${entry.rollout.cluster} --profile ${ctx.plan.profile.name}@${ctx.plan.profile.version}\``,
  );
}

/** Waits for the pool's own change to end; its end tells this step at once (see tellParent). */
const awaitPool = typedStep<FleetPlan, z.infer<typeof poolInput>>(poolInput, async (ctx, input) => {
  const { deps, change } = ctx;
  const id = await deps.stores.changes.byRequest(poolChangeKey(change.id, input));
  const child = id ? await deps.stores.changes.get(id) : undefined;
  if (!child) {
    throw new BotError(
      ErrorCode.Internal,
      `Pool ${input.pool}'s change was never started: Retry its start step.`,
    );
  }
  const where = `pool ${input.pool} (cluster ${input.cluster}), change ${child.id}`;
  if (child.state === 'done') return `${where} done`;
  // The fleet rolls back: its back steps see to this pool; this wait is over.
  if (ctx.change.state === 'rolling-back') return `${where}: ${child.state}, the fleet rolls back`;
  if (child.state === 'paused') {
    throw new BotError(
      ErrorCode.Conflict,
      `${where} paused on a failed step. Settle it there (Retry, Skip node or Roll back), then Retry this step; or Skip the pool.`,
    );
  }
  if (['failed', 'aborted', 'rolled-back', 'rejected', 'expired'].includes(child.state)) {
    throw new BotError(
      ErrorCode.Conflict,
      `${where} ended ${child.state}: Skip the pool to go on without it, or Abort the fleet.`,
    );
  }
  // An alert about this pool while it rolls pauses the fleet: no other pool starts meanwhile.
  await pauseOnAlerts(
    deps,
    scopeOf([entryOf(ctx.plan, input)]),
    `while pool ${input.pool} (cluster ${input.cluster}) rolls: the fleet pauses (the pool's own change goes on, node by node). Retry once it resolves, Skip the pool, or Abort.`,
  );
  const p = progressOf(await deps.stores.changes.steps(child.id), child.maxParallel);
  throw new StepWaiting(`${where}: ${p.groupsDone}/${p.groups} ${child.unit}`, FLEET_LOOK_MS);
});

/**
 * Watches a finished wave for the bake time: its nodes Ready, their pods Ready, no alert firing
 * about its nodes, pools or sites. A firing alert pauses the fleet and names it.
 */
const bakeWave = typedStep<FleetPlan, z.infer<typeof bakeInput>>(bakeInput, async (ctx, input) => {
  const { deps, plan, step } = ctx;
  const started = step.startedAt ?? deps.clock.now();
  const scope = scopeOf(plan.pools.filter((p) => p.wave === input.wave));
  const wave = `wave ${input.wave + 1} (${plan.waves[input.wave]?.name ?? ''})`;
  await pauseOnAlerts(
    deps,
    scope,
    `during the bake of ${wave}: the fleet pauses before the next wave. Retry once it resolves, Skip the bake to go on anyway, or Abort.`,
  );
  const notReady: string[] = [];
  const podsNotReady: string[] = [];
  for (const c of new Set(scope.nodes.map((n) => n.cluster))) {
    const { kube } = deps.cloud.forCluster(clusterConfig(deps, c));
    for (const n of scope.nodes.filter((x) => x.cluster === c)) {
      const node = await kube.getNode(n.name);
      if (!node?.ready) notReady.push(n.name);
      // A finished Job's pod is not Ready and need not be.
      const pods = await kube.listPods({ nodeName: n.name });
      podsNotReady.push(
        ...pods.filter((p) => p.phase !== 'Succeeded' && !p.ready).map((p) => `${p.namespace}/${p.name}`),
      );
    }
  }
  const problems = [
    ...(notReady.length > 0
      ? [`${counted(notReady.length, 'node')} not Ready (${notReady.slice(0, 3).join(', ')})`]
      : []),
    ...(podsNotReady.length > 0
      ? [`${counted(podsNotReady.length, 'pod')} not Ready (${podsNotReady.slice(0, 3).join(', ')})`]
      : []),
  ];
  const progress = problems.length > 0 ? problems.join(', ') : 'all nodes and pods Ready, no alert';
  const left = plan.bakeMs - (deps.clock.now() - started);
  if (left <= 0 && problems.length > 0) {
    throw new BotError(
      ErrorCode.Conflict,
      `${wave} baked ${durationWords(plan.bakeMs)} with ${progress}: Retry once they are Ready, Skip the bake to go on, or Abort.`,
    );
  }
  if (left > 0) {
    // Six looks a bake at least (an alert is seen soon), at most one a minute.
    const look = Math.min(left, 60_000, Math.max(1000, plan.bakeMs / 6));
    throw new StepWaiting(`baking ${wave}: ${progress}; ${durationWords(left)} left`, look);
  }
  return `${wave} baked ${durationWords(plan.bakeMs)}: ${counted(scope.nodes.length, 'node')} and their pods Ready, no alert`;
});

/** What a set of the fleet's pools covers: the pools, their nodes and sites, per cluster. */
function scopeOf(pools: readonly FleetPool[]): BakeScope {
  return {
    pools: pools.map((p) => ({ cluster: p.rollout.cluster, pool: p.rollout.pool })),
    nodes: pools.flatMap((p) =>
      p.rollout.nodes.map((n) => ({ cluster: p.rollout.cluster, name: n.nodeName })),
    ),
    sites: pools.flatMap((p) => p.sites.map((site) => ({ cluster: p.rollout.cluster, site }))),
  };
}

/** A firing alert about these pools, nodes or sites pauses the fleet, naming the alert and where. */
async function pauseOnAlerts(deps: CommandDeps, scope: BakeScope, what: string): Promise<void> {
  const clusters = [...new Set(scope.pools.map((p) => p.cluster))];
  const firing = (
    await Promise.all(
      clusters.map(async (c) => Object.values((await deps.stores.alerts.read(c)).group?.alerts ?? {})),
    )
  )
    .flat()
    .map((t) => t.alert);
  const about = alertsAbout(scope, firing);
  if (about.length === 0) return;
  throw new BotError(
    ErrorCode.Conflict,
    `${about.map((a) => `"${a.summary}" (cluster ${a.cluster})`).join('; ')} ${about.length === 1 ? 'fires' : 'fire'} ${what}`,
  );
}

/** The pools' changes still under way when the fleet is aborted: each stops after its current step. */
async function abortPools(deps: CommandDeps, change: ChangeRecord, plan: FleetPlan): Promise<string> {
  const stopped: string[] = [];
  for (const p of plan.pools) {
    const id = await deps.stores.changes.byRequest(poolChangeKey(change.id, p.rollout));
    if (!id) continue;
    if (!(await abortChildChange(deps, id, change))) continue;
    stopped.push(`${p.rollout.cluster}/${p.rollout.pool} (change ${id})`);
  }
  return stopped.length > 0 ? `Stopped ${stopped.join(', ')}.` : '';
}

const STILL_ROLLING = new Set(['approved', 'applying', 'paused']);
const OVER_BADLY = new Set(['failed', 'aborted', 'rejected', 'expired']);

/**
 * Rolling back: a pool of the last wave goes back to the version it ran. One still rolling is rolled
 * back by its own change (where it can be); one done gets a rollout back, planned and gated as any
 * `pool upgrade` (a Kubernetes minor raised in place cannot go back: the step says so, with the way out).
 */
const poolBack = typedStep<FleetPlan, z.infer<typeof poolInput>>(poolInput, async (ctx, input) => {
  const { deps, change, plan } = ctx;
  const entry = entryOf(plan, input);
  const from = `${entry.rollout.from.name}@${entry.rollout.from.version}`;
  const id = await deps.stores.changes.byRequest(poolChangeKey(change.id, input));
  const child = id ? await deps.stores.changes.get(id) : undefined;
  if (!child) return `pool ${input.pool} never started: nothing to undo`;
  const where = `pool ${input.pool} (cluster ${input.cluster})`;
  if (child.state === 'rolled-back') return `${where} back at ${from} (change ${child.id} rolled back)`;
  if (child.state === 'rolling-back')
    throw new StepWaiting(`${where}: change ${child.id} rolling back`, FLEET_LOOK_MS);
  if (STILL_ROLLING.has(child.state)) {
    if (!child.canRollBack) {
      throw new BotError(
        ErrorCode.Conflict,
        `${where}: change ${child.id} cannot roll back (its plan says why). Skip to leave the pool as it is, or Abort.`,
      );
    }
    await startChangeJob(
      deps,
      'change-act',
      { id: child.id, action: 'roll-back', user: change.approver ?? change.requester, isApprover: true },
      changeJobId(child.id, 'fleet-roll-back', change.id),
    );
    throw new StepWaiting(`${where}: change ${child.id} rolling back`, FLEET_LOOK_MS);
  }
  if (OVER_BADLY.has(child.state) && child.state !== 'aborted') {
    return `${where}: change ${child.id} ${child.state}, nothing of it to undo`;
  }
  // Done (or aborted part way): a rollout back to the version it ran, as a change of its own.
  const key = `${poolChangeKey(change.id, input)}-back`;
  const backId = await deps.stores.changes.byRequest(key);
  if (!backId) {
    const cluster = clusterConfig(deps, input.cluster);
    const pool = await deps.stores.pools.get(input.cluster, input.pool);
    if (!pool) throw new BotError(ErrorCode.NotFound, `${where} no longer exists: nothing to roll back.`);
    const [{ found: target }, { found: current }] = await Promise.all([
      findProfile(deps, from),
      findProfile(deps, `${pool.profile.name}@${pool.profile.version}`),
    ]);
    if (target.version === current.version) return `${where} already at ${from}`;
    const back = await planPoolRolloutFor(deps, {
      cluster,
      pool,
      target,
      current,
      limits: parseUpgradeLimits(
        { maxUnavailable: String(entry.rollout.maxUnavailable), window: entry.rollout.window },
        'flags',
      ),
      strategy: 'in-place',
      spares: [],
    });
    if (!back.ok) {
      throw new BotError(
        ErrorCode.Conflict,
        `${where} cannot go back to ${from}: ${back.problems.join(' ')} Skip to leave it at ${pool.profile.name}@${pool.profile.version}.`,
      );
    }
    await startChildChange(deps, change, {
      key,
      planned: planRollout(back.plan),
      channel: cluster.channel,
      step: ctx.step.key,
    });
    throw new StepWaiting(`${where}: rolling back to ${from}`, FLEET_LOOK_MS);
  }
  const backChange = await deps.stores.changes.get(backId);
  if (backChange?.state === 'done') return `${where} back at ${from} (change ${backId})`;
  if (backChange && (OVER_BADLY.has(backChange.state) || backChange.state === 'paused')) {
    throw new BotError(
      ErrorCode.Conflict,
      `${where}: the rollout back (change ${backId}) is ${backChange.state}. Settle it there, then Retry; or Skip.`,
    );
  }
  throw new StepWaiting(`${where}: rolling back to ${from} (change ${backId})`, FLEET_LOOK_MS);
});

/** A fleet rollout: its planner, its steps, and what an abort stops. */
export const fleetRolloutFeature: ChangeFeature<FleetPlan> = {
  planner: fleetRolloutPlanner,
  executors: {
    [FLEET_STEPS.start]: startPool,
    [FLEET_STEPS.await]: awaitPool,
    [FLEET_STEPS.bake]: bakeWave,
    [FLEET_STEPS.back]: poolBack,
  },
  onAbort: (deps, change, plan) => abortPools(deps, change, plan),
  rollBack: (_change, plan, steps) => fleetRollbackSteps(plan, steps),
};
