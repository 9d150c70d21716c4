import { labelDiff, type PoolLabelPlan, planPoolLabel } from '../../src/domain/pools/pool-label-plan';
import { parsePoolLabels, parsePoolTaints } from '../../src/domain/pools/pool-metadata';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import { poolAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';

/** `none` clears the list; absent keeps it. */
const given = (v: string | boolean | undefined) =>
  typeof v === 'string' ? (v.trim() === 'none' ? '' : v) : undefined;

/**
 * `/hybrid pool label <pool> --cluster c [--labels k=v,…|none] [--taints k=v:Effect,…|none]`: the
 * given lists replace the pool's; the running nodes are patched and the NodeConfig kept in step.
 */
export const labelPool: CommandProcessor<'pool label'> = async (job, deps) => {
  const { options, positionals, request } = job.data;
  const { cluster, pool } = await poolAndCluster(deps, job.data, positionals.pool ?? '');
  const labelsText = given(options.labels);
  const taintsText = given(options.taints);
  if (labelsText === undefined && taintsText === undefined) {
    throw new BotError(
      ErrorCode.Validation,
      "Give --labels and/or --taints: the lists replace the pool's (`none` clears one). Nothing was changed.",
    );
  }
  const labels =
    labelsText === undefined ? { ok: true as const, value: pool.labels } : parsePoolLabels(labelsText);
  const taints =
    taintsText === undefined ? { ok: true as const, value: pool.taints } : parsePoolTaints(taintsText);
  const problems = [...(labels.ok ? [] : labels.problems), ...(taints.ok ? [] : taints.problems)];
  if (!labels.ok || !taints.ok || problems.length > 0) {
    throw new BotError(
      ErrorCode.Validation,
      `Nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`,
    );
  }
  const { kube } = deps.cloud.forCluster(cluster);
  const hosts = await Promise.all(
    pool.hosts.map(async (name) => {
      const r = await deps.stores.inventory.get(cluster.name, name);
      const nodeName = r?.node?.name ?? r?.managedInstanceId;
      const node = nodeName ? await kube.getNode(nodeName) : undefined;
      return {
        name,
        auth: r?.auth ?? ('ssm' as const),
        ...(r?.site ? { site: r.site } : {}),
        ...(r?.managedInstanceId ? { managedInstanceId: r.managedInstanceId } : {}),
        ...(node ? { nodeName: node.name } : {}),
      };
    }),
  );
  const plan: PoolLabelPlan = {
    cluster: cluster.name,
    pool: pool.name,
    from: { labels: pool.labels, taints: pool.taints },
    to: { labels: labels.value, taints: taints.value },
    hosts,
  };
  if (labelDiff(plan).length === 0) {
    throw new BotError(
      ErrorCode.Validation,
      `Pool ${pool.name} already has these labels and taints: nothing to change.`,
    );
  }
  return proposeCommandChange(deps, request, cluster, planPoolLabel(plan));
};
