import { ChangeFeatures } from '../jobs/changes/change-feature';
import { clusterForgetFeature, clusterImportFeature } from '../jobs/clusters/cluster-steps';
import { cniSetFeature } from '../jobs/cni/cni-steps';
import { hostRebootFeature } from '../jobs/diagnostics/host-reboot-steps';
import { hostRestartFeature } from '../jobs/diagnostics/host-restart-steps';
import { fleetRolloutFeature } from '../jobs/fleets/fleet-steps';
import { deregistrationFeature } from '../jobs/hosts/deregistration-steps';
import { poolCreateFeature } from '../jobs/pools/pool-join-steps';
import { poolLabelFeature } from '../jobs/pools/pool-label-steps';
import { poolRemoveFeature } from '../jobs/pools/pool-leave-steps';
import { poolUpgradeFeature } from '../jobs/rollouts/rollout-steps';

/**
 * Every feature that makes changes, each bringing its planner and step executors. The engine
 * (jobs/changes) receives this list and knows none of them.
 */
export function changeFeatures(): ChangeFeatures {
  return new ChangeFeatures()
    .register(deregistrationFeature)
    .register(hostRestartFeature)
    .register(hostRebootFeature)
    .register(cniSetFeature)
    .register(poolCreateFeature)
    .register(poolRemoveFeature)
    .register(poolLabelFeature)
    .register(poolUpgradeFeature)
    .register(fleetRolloutFeature)
    .register(clusterImportFeature)
    .register(clusterForgetFeature);
}
