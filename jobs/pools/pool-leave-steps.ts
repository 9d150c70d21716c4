import {
  POOL_REMOVE_STEPS,
  type PoolRemovePlan,
  poolRemovePlanner,
} from '../../src/domain/pools/pool-remove-plan';
import { BotError, ErrorCode } from '../../src/errors';
import {
  type ChangeFeature,
  type StepContext,
  type StepExecutor,
  StepWaiting,
} from '../changes/change-feature';
import { clusterConfig } from '../hosts/cluster-info';
import { drainPatience, drainStep } from './drain-step';
import { nodeadmError, runOnHostOnce } from './host-run';

type Ctx = StepContext<PoolRemovePlan>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
const hostOf = (ctx: Ctx) => String(ctx.step.input.host);
const nodeOf = (ctx: Ctx) => String(ctx.step.input.nodeName);

const cordon: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const node = await kube.getNode(nodeOf(ctx));
    if (!node) return 'the node is already gone';
    if (node.unschedulable) return 'already cordoned';
    await kube.setUnschedulable(node.name, true);
    return 'cordoned';
  },
};

const drain: StepExecutor<PoolRemovePlan> = {
  run: (ctx) => drainStep(clients(ctx).kube, nodeOf(ctx), drainPatience(ctx)),
};

const uninstall: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const instanceId = String(ctx.step.input.managedInstanceId);
    const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
    if (!instance) return 'the managed instance is already gone (uninstalled before)';
    const result = await runOnHostOnce(ctx, instanceId, ['set -e', 'nodeadm uninstall'], {
      what: 'nodeadm uninstall',
      limitMinutes: ctx.deps.config.pools.joinMinutes,
      timeoutSeconds: ctx.deps.config.pools.joinMinutes * 60,
    });
    // Uninstall deregisters the instance as its last act: SSM may report the command lost with it.
    const [after] = await ssm.describeInstances({ instanceIds: [instanceId] });
    if (result.status !== 'Success' && after) {
      throw new BotError(
        ErrorCode.Conflict,
        `\`nodeadm uninstall\` failed on ${hostOf(ctx)}: ${nodeadmError(result)}. Fix the host, then retry the step.`,
      );
    }
    return 'nodeadm uninstall done (kubelet stopped, managed instance deregistered)';
  },
};

/** IAM Roles Anywhere hosts: the requester runs the uninstall; the change goes on once kubelet stopped. */
const awaitUninstall: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const node = await clients(ctx).kube.getNode(nodeOf(ctx));
    if (!node?.ready) return 'kubelet stopped';
    throw new BotError(
      ErrorCode.Conflict,
      `<@${ctx.change.requester}>, run \`sudo nodeadm uninstall\` on ${hostOf(ctx)} (the bot cannot reach IAM Roles Anywhere hosts), then retry this step.`,
    );
  },
};

const deleteNode: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    if (!(await kube.getNode(nodeOf(ctx)))) return 'already deleted';
    await kube.deleteNode(nodeOf(ctx));
    return 'deleted (billing for the node stops)';
  },
};

/** Out of the pool, back in the inventory: an SSM host needs a new activation, since uninstall deregistered it. */
const release: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const { inventory, pools } = ctx.deps.stores;
    await pools.removeMember(ctx.plan.cluster, ctx.plan.pool, hostOf(ctx));
    const record = await inventory.get(ctx.plan.cluster, hostOf(ctx));
    if (!record) return `out of pool ${ctx.plan.pool} (not in the inventory)`;
    if (record.auth === 'ssm' && (record.managedInstanceId || record.node)) {
      const { managedInstanceId: _id, node: _node, ...rest } = record;
      // The activation it used registers nothing again: the host reads as needing a new one.
      await inventory.put({
        ...rest,
        activationExpiresAt: Math.min(record.activationExpiresAt ?? 0, ctx.deps.clock.now()),
      });
    }
    return record.auth === 'ssm'
      ? `out of pool ${ctx.plan.pool}; back in the inventory, needing a new activation (\`/hybrid host reissue ${hostOf(ctx)}\`)`
      : `out of pool ${ctx.plan.pool}`;
  },
};

const deletePool: StepExecutor<PoolRemovePlan> = {
  async run(ctx) {
    const { cluster, pool } = ctx.plan;
    const existing = await ctx.deps.stores.pools.get(cluster, pool);
    const outcome = await ctx.deps.stores.pools.deleteEmpty(cluster, pool);
    if (outcome === 'not-empty') throw new StepWaiting('waiting for every host to leave the pool', 1000);
    if (existing) {
      await ctx.deps.stores.profiles.unmarkUsed(
        existing.profile.name,
        existing.profile.version,
        `${cluster}/${pool}`,
      );
    }
    return outcome === 'deleted' ? `pool ${pool} deleted` : 'already gone';
  },
};

function leftAfterAbort(
  _change: unknown,
  plan: PoolRemovePlan,
  steps: readonly { key: string; state: string }[],
): string {
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  const cordoned = plan.hosts.filter(
    (h) => h.nodeName && done(`${h.name}.cordon`) && !done(`${h.name}.delete-node`),
  );
  return cordoned.length === 0
    ? ''
    : `Still cordoned: ${cordoned.map((h) => `\`${h.nodeName}\``).join(', ')} (\`kubectl uncordon\` to take work again).`;
}

/** Hosts leaving a pool (and `pool delete`) as a change. */
export const poolRemoveFeature: ChangeFeature<PoolRemovePlan> = {
  planner: poolRemovePlanner,
  executors: {
    [POOL_REMOVE_STEPS.cordon]: cordon,
    [POOL_REMOVE_STEPS.drain]: drain,
    [POOL_REMOVE_STEPS.uninstall]: uninstall,
    [POOL_REMOVE_STEPS.awaitUninstall]: awaitUninstall,
    [POOL_REMOVE_STEPS.deleteNode]: deleteNode,
    [POOL_REMOVE_STEPS.release]: release,
    [POOL_REMOVE_STEPS.deletePool]: deletePool,
  },
  leftAfterAbort,
};
