import type { ChangeRecord } from '../../src/domain/changes/change';
import type { StepRecord } from '../../src/domain/changes/journal';
import { poolCreateAbortReport } from '../../src/domain/pools/pool-create-abort';
import type { PoolCreatePlan } from '../../src/domain/pools/pool-create-plan';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps } from '../job-context';

/**
 * An aborted `pool create` or `pool add` lets go of the hosts it claimed that never joined (and of
 * a new pool no host joined), so the pool's record holds only what runs; says per host what ran.
 * Idempotent: a retried abort finds the hosts already released.
 */
export async function releaseUnjoined(
  deps: CommandDeps,
  change: ChangeRecord,
  plan: PoolCreatePlan,
  steps: readonly StepRecord[],
): Promise<string> {
  const { kube } = deps.cloud.forCluster(clusterConfig(deps, plan.cluster));
  const joined = new Map<string, string>();
  for (const h of plan.hosts) {
    const name = h.adoptNode ?? (h.auth === 'ssm' ? h.managedInstanceId : h.name);
    const node = name ? await kube.getNode(name) : undefined;
    if (node) joined.set(h.name, node.name);
  }
  const report = poolCreateAbortReport(plan, steps, joined, change.requester);
  const { pools, profiles } = deps.stores;
  for (const h of report.filter((r) => r.release)) {
    if ((await pools.poolOf(plan.cluster, h.host)) === plan.pool)
      await pools.removeMember(plan.cluster, plan.pool, h.host);
  }
  const lines = report.map((r) => `• ${r.line}`);
  if (!plan.adding && (await pools.deleteEmpty(plan.cluster, plan.pool)) === 'deleted') {
    await profiles.unmarkUsed(plan.profile.name, plan.profile.version, `${plan.cluster}/${plan.pool}`);
    lines.push(`Pool ${plan.pool} is removed: no host joined it.`);
  }
  return lines.join('\n');
}
