import { cniSetFeature } from '../cni/cni-steps';
import { deregistrationFeature } from '../hosts/deregistration-steps';
import { poolCreateFeature } from '../pools/pool-join-steps';
import { poolLabelFeature } from '../pools/pool-label-steps';
import { poolRemoveFeature } from '../pools/pool-leave-steps';
import { poolUpgradeFeature } from '../rollouts/rollout-steps';
import { ChangeFeatures } from './change-feature';

/** Every feature that makes changes, each bringing its planner and step executors. */
export function changeFeatures(): ChangeFeatures {
  return new ChangeFeatures()
    .register(deregistrationFeature)
    .register(cniSetFeature)
    .register(poolCreateFeature)
    .register(poolRemoveFeature)
    .register(poolLabelFeature)
    .register(poolUpgradeFeature);
}
