import { nodeJoinInputSchema } from '../../src/domain/nodes/node-step-input';
import { POOL_STEPS, type PoolCreatePlan, poolCreatePlanner } from '../../src/domain/pools/pool-create-plan';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature, StepExecutor } from '../changes/change-feature';
import { joiningExecutors } from '../nodes/node-join-steps';
import { typedStep } from '../nodes/typed-step';
import { placeCoreDns } from './coredns-step';
import { releaseUnjoined } from './pool-create-abort';

/** The host joins the pool's membership before anything runs on it; a host in another pool stops here. */
const claim: StepExecutor<PoolCreatePlan> = typedStep(nodeJoinInputSchema, async (ctx, { host }) => {
  const { plan } = ctx;
  const { pools, profiles } = ctx.deps.stores;
  await pools.create({
    cluster: plan.cluster,
    name: plan.pool,
    profile: { name: plan.profile.name, version: plan.profile.version },
    arch: plan.arch,
    labels: plan.labels,
    taints: plan.taints,
    maxParallel: plan.maxParallel,
    createdBy: ctx.change.requester,
    createdAt: ctx.deps.clock.now(),
  });
  await profiles.markUsed(plan.profile.name, plan.profile.version, `${plan.cluster}/${plan.pool}`);
  const result = await pools.addMember(plan.cluster, plan.pool, host);
  if (result.outcome === 'taken') {
    throw new BotError(
      ErrorCode.Conflict,
      `Host ${host} went into pool ${result.pool} after this change was planned: skip this host, or abort.`,
    );
  }
  if (result.outcome === 'no-pool')
    throw new BotError(ErrorCode.Unavailable, `pool ${plan.pool} is being written`);
  return result.outcome === 'added' ? `in pool ${plan.pool}` : `already in pool ${plan.pool}`;
});

/** Pool creation (and `pool add`) as a change: its planner and the executors of its steps. */
export const poolCreateFeature: ChangeFeature<PoolCreatePlan> = {
  planner: poolCreatePlanner,
  executors: {
    [POOL_STEPS.record]: claim,
    ...joiningExecutors(POOL_STEPS),
    [POOL_STEPS.coredns]: placeCoreDns,
  },
  onAbort: releaseUnjoined,
};
