import {
  CLUSTER_FORGET_STEP,
  type ClusterForgetPlan,
  clusterForgetPlanner,
} from '../../src/domain/clusters/cluster-forget-plan';
import {
  CLUSTER_IMPORT_STEP,
  type ClusterImportPlan,
  clusterImportPlanner,
} from '../../src/domain/clusters/cluster-import-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { closeAlertMessage } from '../alerts/alert-close';
import type { ChangeFeature } from '../changes/change-feature';

/** Importing a cluster as a change: one step records it, which every process hears of. */
export const clusterImportFeature: ChangeFeature<ClusterImportPlan> = {
  planner: clusterImportPlanner,
  executors: {
    [CLUSTER_IMPORT_STEP]: {
      run: async ({ deps, change, plan }) => {
        const registry = deps.stores.clusters;
        await registry.refresh();
        if (registry.find(plan.cluster.name)?.source === 'file') {
          throw new BotError(
            ErrorCode.Conflict,
            `Cluster ${plan.cluster.name} is in the configuration file now: nothing to import.`,
          );
        }
        await registry.record({
          cluster: plan.cluster,
          importedBy: change.requester,
          importedAt: deps.clock.now(),
          change: change.id,
        });
        return `recorded: monitored from now on, alerts in ${plan.cluster.alertChannel ?? plan.cluster.channel}`;
      },
    },
  },
  outcome: (_change, plan) =>
    `cluster ${plan.cluster.name} imported; \`/hybrid cluster export ${plan.cluster.name}\` gives its entry for the configuration file`,
};

/** Forgetting an imported cluster: one step removes it from the bot's clusters; nothing else is touched. */
export const clusterForgetFeature: ChangeFeature<ClusterForgetPlan> = {
  planner: clusterForgetPlanner,
  executors: {
    [CLUSTER_FORGET_STEP]: {
      run: async ({ deps, change, plan }) => {
        const removed = await deps.stores.clusters.forget(plan.cluster.name);
        const closed = await closeAlertMessage(deps, plan.cluster, change.id);
        const note = closed ? '; its alert message says it is no longer watched' : '';
        return `${removed ? 'forgotten: no more monitor sweeps or alerts' : 'was forgotten already'}${note}`;
      },
    },
  },
  outcome: (_change, plan) => `cluster ${plan.cluster.name} forgotten; nothing on it was touched`,
};
