import { slackDate } from '../../src/blocks/hosts/slack-dates';
import type { KubeNode } from '../../src/cloud-ports';
import { POOL_LABEL } from '../../src/domain/bot-labels';
import { HOST_FILES } from '../../src/domain/hosts/host-files';
import { type RolloutStepInput, rolloutStepInputSchema } from '../../src/domain/nodes/node-step-input';
import { kubeletMinor } from '../../src/domain/pools/pool-drift';
import {
  poolInitCommand,
  poolNodeConfigPart,
  writePoolNodeConfigCommands,
} from '../../src/domain/pools/pool-node-config';
import { inWindow, nextOpening, parseWindow } from '../../src/domain/rollouts/maintenance-window';
import {
  cutoverLeftAfterAbort,
  rolloutJoinPlan,
  rolloutLeavePlan,
} from '../../src/domain/rollouts/pool-cutover-plan';
import { reimageLeftAfterAbort } from '../../src/domain/rollouts/pool-reimage-plan';
import { poolUpgradePlanner } from '../../src/domain/rollouts/pool-rollout-planner';
import { type PoolUpgradePlan, ROLLOUT_STEPS } from '../../src/domain/rollouts/pool-upgrade-plan';
import { nodesMayStart } from '../../src/domain/rollouts/rollout-gates';
import { rolloutRollbackSteps } from '../../src/domain/rollouts/rollout-rollback';
import { BotError, ErrorCode } from '../../src/errors';
import {
  type ChangeFeature,
  type StepContext,
  type StepExecutor,
  StepWaiting,
} from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { nodeadmFailed, runOnHostOnce, sentCommand, waitAgain } from '../nodes/host-run';
import { cordon, drainNode, required } from '../nodes/node-lifecycle-steps';
import { recordPoolNode } from '../nodes/pool-node-record';
import { typedStep } from '../nodes/typed-step';
import { poolCreateFeature } from '../pools/pool-join-steps';
import { poolRemoveFeature } from '../pools/pool-leave-steps';
import { upgradeByHand } from './hand-upgrade-step';
import { reimageStep } from './reimage-step';
import { rolloutNodeConfig, rolloutTarget } from './rollout-node-config';

type Ctx = StepContext<PoolUpgradePlan>;
type Input = RolloutStepInput;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
const rolloutStep = (run: (ctx: Ctx, input: Input) => Promise<string>): StepExecutor<PoolUpgradePlan> =>
  typedStep(rolloutStepInputSchema, run);
const nodeOf = (ctx: Ctx, i: Input) => required(ctx, i, 'nodeName');
const hostOf = (i: Input) => i.host ?? i.nodeName ?? 'the host';
const instanceOf = (ctx: Ctx, i: Input) => required(ctx, i, 'managedInstanceId');
/** A roll-back step goes back to the version the pool ran; a forward step to the new one. */
const isBack = (i: Input) => i.back === true;
const targetOf = (ctx: Ctx, i: Input) => rolloutTarget(ctx.plan, i);
/** A forward step still under way when the rollout was rolled back: it ends without acting. */
const rolledBack = (ctx: Ctx, i: Input) => !isBack(i) && ctx.change.state === 'rolling-back';

/** A node's roll-back waits until its forward step under way (an upgrade in flight) has ended. */
async function afterForwardSteps(ctx: Ctx, i: Input): Promise<void> {
  if (!isBack(i)) return;
  const steps = ctx.journal;
  const running = steps.find((s) => !s.back && s.group === hostOf(i) && s.state === 'running');
  if (running) {
    throw new StepWaiting(
      `waiting for ${running.title} to end first`,
      Math.min(ROOM_POLL_MS, ctx.deps.config.pools.pollMaxMs),
    );
  }
}
/** Looks again this often while the rollout waits for room or for its window. */
const ROOM_POLL_MS = 2000;

/**
 * Starts a node only inside the window and when there is room: nodes under way in this rollout and
 * NotReady nodes of the pool count against max-unavailable. Then cordons it.
 */
const start = rolloutStep(async (ctx, input) => {
  if (rolledBack(ctx, input)) return 'not started: the rollout is rolled back';
  await afterForwardSteps(ctx, input);
  const { kube } = clients(ctx);
  const name = nodeOf(ctx, input);
  // The pool's nodes tell both this node's state and which others are NotReady.
  const poolNodes = await kube.listNodes(`${POOL_LABEL}=${ctx.plan.pool}`);
  const node = poolNodes.find((n) => n.name === name) ?? (await kube.getNode(name));
  if (!node)
    throw new BotError(ErrorCode.Conflict, `Node ${name} of ${hostOf(input)} is gone: skip it, or abort.`);
  if (node.unschedulable) return 'already cordoned';
  if (ctx.plan.window) {
    const parsed = parseWindow(ctx.plan.window);
    const now = ctx.deps.clock.now();
    if (parsed.ok && !inWindow(now, parsed.window)) {
      const opens = nextOpening(now, parsed.window);
      throw new StepWaiting(
        `outside the window ${parsed.window.text}: waits until ${slackDate(opens)}`,
        // Looked at as often as a joining node is, so the window opening is seen within pollMaxMs.
        Math.min(ctx.deps.config.pools.pollMaxMs, Math.max(ctx.deps.config.pools.pollMinMs, opens - now)),
      );
    }
  }
  const steps = ctx.journal;
  // Out: nodes this rollout has cordoned and not yet given back (a group waiting for room is not).
  const underWay = new Set(
    steps
      .filter((s) => s.group !== ctx.step.group && s.action === ROLLOUT_STEPS.start && s.state === 'done')
      .filter((s) => !groupDone(steps, s.group))
      .map((s) => s.group),
  );
  const notReady = poolNodes.filter((n) => !n.ready && n.name !== name).map((n) => n.name);
  const hostsOfNotReady = ctx.plan.nodes.filter((n) => notReady.includes(n.nodeName)).map((n) => n.host);
  const down = new Set([
    ...hostsOfNotReady,
    ...notReady.filter((n) => !ctx.plan.nodes.some((p) => p.nodeName === n)),
  ]);
  // Each node out counts once, whether under way, NotReady or both; this one waits to start.
  const out = [...new Set([...underWay, ...down])].map((n) => ({
    ready: !down.has(n),
    state: underWay.has(n) ? ('in-progress' as const) : ('done' as const),
  }));
  if (nodesMayStart(ctx.plan.maxUnavailable, [...out, { ready: true, state: 'pending' }]) === 0) {
    throw new StepWaiting(
      `waiting for room: ${out.length} of max ${ctx.plan.maxUnavailable} node${ctx.plan.maxUnavailable === 1 ? '' : 's'} out`,
      Math.min(ROOM_POLL_MS, ctx.deps.config.pools.pollMaxMs),
    );
  }
  return cordon(kube, node);
});

function groupDone(steps: readonly { group: string; state: string }[], group: string): boolean {
  return steps.filter((s) => s.group === group).every((s) => s.state === 'done' || s.state === 'skipped');
}

/** The target's part of the NodeConfig, written and joined with the credentials part on the host. */
async function nodeConfigCommands(ctx: Ctx, input: Input): Promise<string[]> {
  return writePoolNodeConfigCommands(poolNodeConfigPart(await rolloutNodeConfig(ctx, input)));
}

/** `nodeadm upgrade` with the target's NodeConfig; a node already at the target is left alone. */
const upgrade = rolloutStep(async (ctx, input) => {
  const target = targetOf(ctx, input).kubernetesVersion;
  if (input.auth === 'iam-ra')
    return upgradeByHand(ctx, input, await clients(ctx).kube.getNode(nodeOf(ctx, input)));
  // Once this step's command is out, only its end matters: the node is not looked at again.
  const sent = (await sentCommand(ctx, instanceOf(ctx, input))) ?? null;
  if (!sent) {
    const node = await clients(ctx).kube.getNode(nodeOf(ctx, input));
    // A failed upgrade may leave a node half-upgraded though kubelet still reports the old version:
    // going back, it is reinstalled at that version all the same.
    const halfDone =
      isBack(input) && ctx.journal.some((s) => s.key === `${hostOf(input)}.upgrade` && s.state !== 'done');
    if (node && kubeletMinor(node.kubeletVersion) === target && !halfDone) return `already at ${target}`;
  }
  const command = `nodeadm upgrade ${target} -c file://${HOST_FILES.nodeConfig}`;
  const result = await runOnHostOnce(
    ctx,
    instanceOf(ctx, input),
    async () => [...(await nodeConfigCommands(ctx, input)), command],
    {
      what: `nodeadm upgrade ${target}`,
      sent,
      limitMinutes: ctx.deps.config.pools.installMinutes,
      timeoutSeconds: ctx.deps.config.pools.installMinutes * 60,
    },
  );
  if (result.status !== 'Success') failed(input, `nodeadm upgrade ${target}`, result);
  return `upgraded to ${target}`;
});

/** Settings alone: the NodeConfig rewritten, `nodeadm init` restarts kubelet and containerd with it. */
const reconfigure = rolloutStep(async (ctx, input) => {
  const result = await runOnHostOnce(
    ctx,
    instanceOf(ctx, input),
    async () => [...(await nodeConfigCommands(ctx, input)), poolInitCommand()],
    {
      what: 'nodeadm init',
      limitMinutes: ctx.deps.config.pools.joinMinutes,
      timeoutSeconds: ctx.deps.config.pools.joinMinutes * 60,
    },
  );
  if (result.status !== 'Success') failed(input, 'nodeadm init', result);
  return 'settings applied, kubelet and containerd restarted';
});

const failed = (input: Input, what: string, result: { stdout: string; stderr: string; status: string }) =>
  nodeadmFailed(
    hostOf(input),
    what,
    result,
    'The node stays cordoned; fix the host, then Retry, Skip node or Abort.',
  );

/** What keeps the node from being Ready at the target version, or undefined when it is. */
function notBackYet(ctx: Ctx, input: Input, node: KubeNode | undefined): string | undefined {
  const name = nodeOf(ctx, input);
  const target = targetOf(ctx, input).kubernetesVersion;
  if (!node) return `node ${name} is gone`;
  if (kubeletMinor(node.kubeletVersion) !== target)
    return `${name} reports kubelet ${node.kubeletVersion}, not ${target} yet`;
  return node.ready ? undefined : `${name} not Ready yet`;
}

function waitForReady(ctx: Ctx, input: Input, progress: string): never {
  return waitAgain(
    ctx,
    progress,
    ctx.deps.config.pools.joinMinutes,
    `Node ${nodeOf(ctx, input)} did not come back Ready at ${targetOf(ctx, input).kubernetesVersion}`,
  );
}

/** A journal written before the uncordon step waited for Ready has this step of its own. */
const awaitReady = rolloutStep(async (ctx, input) => {
  if (rolledBack(ctx, input)) return 'not waited for: the rollout is rolled back';
  const node = await clients(ctx).kube.getNode(nodeOf(ctx, input));
  const progress = notBackYet(ctx, input, node);
  if (progress) return waitForReady(ctx, input, progress);
  return `Ready at ${node?.kubeletVersion}`;
});

/** The node's upgrade (or new settings) ran in this group, and no step of its own waits for Ready. */
function mustComeBackFirst(ctx: Ctx): boolean {
  const inGroup = ctx.journal.filter((s) => s.group === ctx.step.group);
  const changed = inGroup.some(
    (s) =>
      (s.action === ROLLOUT_STEPS.upgrade || s.action === ROLLOUT_STEPS.reconfigure) && s.state === 'done',
  );
  return changed && !inGroup.some((s) => s.action === ROLLOUT_STEPS.awaitReady);
}

/** Once the node is Ready at the target version (when its upgrade ran), it takes pods again. */
const uncordon = rolloutStep(async (ctx, input) => {
  if (rolledBack(ctx, input)) return 'not uncordoned here: the roll-back does it';
  await afterForwardSteps(ctx, input);
  const { kube } = clients(ctx);
  const node = await kube.getNode(nodeOf(ctx, input));
  const back = mustComeBackFirst(ctx);
  if (back) {
    const progress = notBackYet(ctx, input, node);
    if (progress) return waitForReady(ctx, input, progress);
  }
  if (!node) throw new BotError(ErrorCode.Conflict, `Node ${nodeOf(ctx, input)} is gone.`);
  if (node.unschedulable) await kube.setUnschedulable(node.name, false);
  const target = targetOf(ctx, input);
  await recordPoolNode(
    ctx.deps,
    kube,
    { cluster: ctx.plan.cluster, pool: ctx.plan.pool, host: hostOf(input), node },
    `${target.name}@${target.version} ${isBack(input) ? 'rolled back to' : 'rolled out'} by change ${ctx.change.id}`,
  );
  const ready = back ? `Ready at ${node.kubeletVersion}, ` : '';
  return `${ready}${node.unschedulable ? 'uncordoned' : 'already schedulable'}`;
});

/** Last: the pool runs the target version once every node is through (or skipped). */
const record = rolloutStep(async (ctx, input) => {
  if (rolledBack(ctx, input)) return 'not recorded: the rollout is rolled back';
  const steps = ctx.journal;
  const open = steps.filter(
    (s) =>
      s.key !== ctx.step.key &&
      s.action !== ROLLOUT_STEPS.record &&
      s.state !== 'done' &&
      s.state !== 'skipped',
  );
  if (open.length > 0)
    throw new StepWaiting(`waiting for ${new Set(open.map((s) => s.group)).size} node(s)`, ROOM_POLL_MS);
  const { cluster, pool, from, to } = ctx.plan;
  if (isBack(input)) {
    const back = steps.filter((s) => s.back && s.action === ROLLOUT_STEPS.uncordon);
    const left = back.filter((s) => s.state === 'skipped').map((s) => String(s.input.host));
    if (!(await ctx.deps.stores.pools.get(cluster, pool)))
      throw new BotError(ErrorCode.NotFound, `Pool ${pool} is gone.`);
    return `pool ${pool} stays on ${from.name}@${from.version}; ${back.length - left.length} node(s) back on it${left.length > 0 ? `; skipped, left as they were: ${left.join(', ')}` : ''}`;
  }
  if (!(await ctx.deps.stores.pools.setProfile(cluster, pool, { name: to.name, version: to.version }))) {
    throw new BotError(ErrorCode.NotFound, `Pool ${pool} is gone.`);
  }
  await ctx.deps.stores.profiles.markUsed(to.name, to.version, `${cluster}/${pool}`);
  if (from.name !== to.name || from.version !== to.version) {
    await ctx.deps.stores.profiles.unmarkUsed(from.name, from.version, `${cluster}/${pool}`);
  }
  const skipped = new Set(
    steps.filter((s) => s.group !== 'pool' && s.state === 'skipped').map((s) => s.group),
  );
  return skipped.size === 0
    ? `pool ${pool} runs ${to.name}@${to.version}`
    : `pool ${pool} is on ${to.name}@${to.version}; skipped, left as they were (drift shows them): ${[...skipped].join(', ')}`;
});

function leftAfterAbort(
  _change: unknown,
  plan: PoolUpgradePlan,
  steps: readonly { key: string; group: string; state: string }[],
): string {
  if (plan.cutover) return cutoverLeftAfterAbort(plan, plan.cutover, steps);
  if (plan.reimage) return reimageLeftAfterAbort(plan, steps);
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  const wentBack = (host: string) => done(`back.${host}.upgrade`) || done(`back.${host}.init`);
  const upgraded = plan.nodes.filter((n) => done(`${n.host}.uncordon`) && !wentBack(n.host));
  const cordoned = plan.nodes.filter(
    (n) =>
      (done(`${n.host}.start`) || done(`back.${n.host}.start`)) &&
      !done(`${n.host}.uncordon`) &&
      !done(`back.${n.host}.uncordon`),
  );
  const parts = [
    `${upgraded.length} of ${plan.nodes.length} nodes run ${plan.to.name}@${plan.to.version}${upgraded.length > 0 ? ` (${upgraded.map((n) => n.host).join(', ')})` : ''}; the rest stay on ${plan.from.name}@${plan.from.version}, and the pool's version is unchanged.`,
  ];
  if (cordoned.length > 0) {
    parts.push(
      `Still cordoned: ${cordoned.map((n) => `\`${n.nodeName}\``).join(', ')} (\`kubectl uncordon\` once checked).`,
    );
  }
  return parts.join(' ');
}

/**
 * A cutover's and a re-image's joining and leaving steps are a pool add's and a pool remove's, run
 * on their halves of the plan (the joining steps find a re-imaged host's new instance themselves).
 */
function asPart<Q>(
  executors: Record<string, StepExecutor<Q>>,
  part: (plan: PoolUpgradePlan) => Q,
): Record<string, StepExecutor<PoolUpgradePlan>> {
  return Object.fromEntries(
    Object.entries(executors).map(([action, e]) => [
      action,
      { run: (ctx: Ctx) => e.run({ ...ctx, plan: part(ctx.plan) }) },
    ]),
  );
}

/** Rolling a profile version out to a pool, as a change. */
export const poolUpgradeFeature: ChangeFeature<PoolUpgradePlan> = {
  planner: poolUpgradePlanner,
  executors: {
    ...asPart(poolCreateFeature.executors, rolloutJoinPlan),
    ...asPart(poolRemoveFeature.executors, rolloutLeavePlan),
    [ROLLOUT_STEPS.start]: start,
    [ROLLOUT_STEPS.reimage]: reimageStep,
    [ROLLOUT_STEPS.drain]: drainNode,
    [ROLLOUT_STEPS.upgrade]: upgrade,
    [ROLLOUT_STEPS.reconfigure]: reconfigure,
    [ROLLOUT_STEPS.awaitReady]: awaitReady,
    [ROLLOUT_STEPS.uncordon]: uncordon,
    [ROLLOUT_STEPS.record]: record,
  },
  leftAfterAbort,
  rollBack: (_change, plan, steps) => rolloutRollbackSteps(plan, steps),
};
