import type { RolloutStepInput } from '../../src/domain/nodes/node-step-input';
import type { PoolNodeConfigInput } from '../../src/domain/pools/pool-node-config';
import type { PoolUpgradePlan } from '../../src/domain/rollouts/pool-upgrade-plan';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext } from '../changes/change-feature';
import { poolNodeConfigInput } from '../nodes/pool-node-config-input';

/** A roll-back step goes back to the version the pool ran; a forward step to the new one. */
export function rolloutTarget(plan: PoolUpgradePlan, input: RolloutStepInput): PoolUpgradePlan['to'] {
  return input.back === true ? plan.from : plan.to;
}

/**
 * What the node's NodeConfig is rendered from at the step's target: the profile version's, with
 * the pool's labels and taints as they are now (the pool or the profile version gone stops the step).
 */
export async function rolloutNodeConfig(
  ctx: StepContext<PoolUpgradePlan>,
  input: RolloutStepInput,
): Promise<PoolNodeConfigInput> {
  const { plan } = ctx;
  const host = input.host ?? input.nodeName ?? '';
  const pool = await ctx.deps.stores.pools.get(plan.cluster, plan.pool);
  if (!pool) throw new BotError(ErrorCode.NotFound, `Pool ${plan.pool} is gone: abort.`);
  return poolNodeConfigInput(
    ctx,
    {
      cluster: plan.cluster,
      profile: rolloutTarget(plan, input),
      pool,
      taints: pool.taints,
      host,
      site: plan.nodes.find((n) => n.host === host)?.site,
    },
    ': abort',
  );
}
