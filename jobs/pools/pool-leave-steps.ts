import { deriveHostStatus } from '../../src/domain/host-status';
import { nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
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
import { leavingExecutors } from '../nodes/node-lifecycle-steps';
import { typedStep } from '../nodes/typed-step';

type Ctx = StepContext<PoolRemovePlan>;

/** Out of the pool, back in the inventory: an SSM host needs a new activation, since uninstall deregistered it. */
const release: StepExecutor<PoolRemovePlan> = typedStep(nodeStepInputSchema, async (ctx: Ctx, input) => {
  const { inventory, pools } = ctx.deps.stores;
  const host = input.host;
  if (!host) throw new BotError(ErrorCode.Validation, `Step ${ctx.step.key} has no host.`);
  await pools.removeMember(ctx.plan.cluster, ctx.plan.pool, host);
  const record = await inventory.get(ctx.plan.cluster, host);
  if (!record) return `out of pool ${ctx.plan.pool} (not in the inventory)`;
  if (record.auth === 'ssm' && (record.managedInstanceId || record.node)) {
    const { managedInstanceId: _id, node: _node, ...rest } = record;
    // The activation it used registers nothing again: the host reads as having left, needing a new one.
    const left = { ...rest, leftPool: ctx.plan.pool };
    await inventory.put({ ...left, status: deriveHostStatus(left, ctx.deps.clock.now()) });
  }
  return record.auth === 'ssm'
    ? `out of pool ${ctx.plan.pool}; back in the inventory, needing a new activation (\`/hybrid host reissue ${host}\`)`
    : `out of pool ${ctx.plan.pool}`;
});

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
    ...leavingExecutors(POOL_REMOVE_STEPS),
    [POOL_REMOVE_STEPS.release]: release,
    [POOL_REMOVE_STEPS.deletePool]: deletePool,
  },
  leftAfterAbort,
};
