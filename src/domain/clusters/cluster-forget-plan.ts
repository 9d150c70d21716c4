import { z } from 'zod';
import { clusterSchema } from '../../config/schema';
import type { ChangePlanner, PlannedChange } from '../changes/planner';
import { andList } from '../cluster-choice';
import { counted } from '../plural';
import { entryDiff } from './cluster-import-plan';

export const CLUSTER_FORGET_KIND = 'cluster-forget';
export const CLUSTER_FORGET_STEP = 'cluster-forget';

const planSchema = z.object({
  cluster: clusterSchema,
  importedBy: z.string(),
  importedAt: z.number(),
  /** The bot's pools on the cluster when planned: they keep running. */
  pools: z.array(z.string()),
  /** Hosts the bot's inventory holds for the cluster (not deregistered). */
  hosts: z.number().int(),
  /** Alerts firing on the cluster's open message when planned: the message is closed as unwatched. */
  firingAlerts: z.number().int().default(0),
});

export type ClusterForgetPlan = z.infer<typeof planSchema>;

/** The config file's way to stop managing a cluster, for the refusal to forget one from Slack. */
export function fileClusterRefusal(name: string): string {
  return `Cluster \`${name}\` comes from the configuration file (HYBRID_BOT_CONFIG), not from Slack: to stop managing it, remove its entry under \`clusters:\` there and restart the bot.`;
}

/**
 * Forgetting an imported cluster: the bot stops managing it (no monitor, no alerts, no commands)
 * and touches nothing in AWS or on the cluster.
 */
export function planClusterForget(plan: ClusterForgetPlan): PlannedChange<ClusterForgetPlan> {
  const c = plan.cluster;
  const pools =
    plan.pools.length > 0 ? `${counted(plan.pools.length, 'pool')} (${andList(plan.pools)})` : 'no pools';
  return {
    kind: CLUSTER_FORGET_KIND,
    target: { cluster: c.name, kind: 'cluster', name: c.name },
    title: `Forget cluster ${c.name}`,
    summary: [
      `stop managing cluster *${c.name}* (${c.region}, imported by <@${plan.importedBy}>): no more monitor sweeps or alerts in <#${c.alertChannel ?? c.channel}>, and commands no longer take it`,
      `nothing changes in EKS or on the cluster: its nodes keep running, with ${pools} and ${counted(plan.hosts, 'host')} of the bot's; their records stay in Redis and are used again if the cluster is imported again`,
      ...(plan.firingAlerts > 0
        ? [
            `${counted(plan.firingAlerts, 'alert')} firing there now: the alert message is marked as no longer watched, and nothing will resolve ${plan.firingAlerts === 1 ? 'it' : 'them'}`,
          ]
        : []),
    ],
    diff: entryDiff(plan, 'remove'),
    steps: [
      {
        key: 'forget',
        action: CLUSTER_FORGET_STEP,
        title: `Forget cluster ${c.name}`,
        group: c.name,
        skippable: false,
        input: {},
      },
    ],
    maxParallel: 1,
    unit: 'clusters',
    canRollBack: false,
    plan,
    decidedBy: 'admin',
  };
}

export const clusterForgetPlanner: ChangePlanner<ClusterForgetPlan> = {
  kind: CLUSTER_FORGET_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planClusterForget,
};
