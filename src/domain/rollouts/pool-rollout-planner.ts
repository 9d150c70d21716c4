import type { ChangePlanner, PlannedChange } from '../changes/planner';
import { planPoolCutover } from './pool-cutover-plan';
import { planPoolReimage } from './pool-reimage-plan';
import {
  POOL_UPGRADE_KIND,
  type PoolUpgradePlan,
  planPoolUpgrade,
  poolUpgradePlanSchema,
} from './pool-upgrade-plan';

/** A rollout as its strategy plans it: in place, cut over to spare hosts, or re-imaged host by host. */
export function planRollout(plan: PoolUpgradePlan): PlannedChange<PoolUpgradePlan> {
  if (plan.cutover) return planPoolCutover(plan, plan.cutover);
  if (plan.reimage) return planPoolReimage(plan, plan.reimage);
  return planPoolUpgrade(plan);
}

export const poolUpgradePlanner: ChangePlanner<PoolUpgradePlan> = {
  kind: POOL_UPGRADE_KIND,
  parse: (raw) => poolUpgradePlanSchema.parse(raw),
  describe: planRollout,
};
