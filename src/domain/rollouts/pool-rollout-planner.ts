import type { ChangePlanner, PlannedChange } from '../changes/planner';
import { planPoolCutover } from './pool-cutover-plan';
import {
  POOL_UPGRADE_KIND,
  type PoolUpgradePlan,
  planPoolUpgrade,
  poolUpgradePlanSchema,
} from './pool-upgrade-plan';

/** A rollout as its strategy plans it: in place, or cut over to spare hosts. */
export function planRollout(plan: PoolUpgradePlan): PlannedChange<PoolUpgradePlan> {
  return plan.cutover ? planPoolCutover(plan, plan.cutover) : planPoolUpgrade(plan);
}

export const poolUpgradePlanner: ChangePlanner<PoolUpgradePlan> = {
  kind: POOL_UPGRADE_KIND,
  parse: (raw) => poolUpgradePlanSchema.parse(raw),
  describe: planRollout,
};
