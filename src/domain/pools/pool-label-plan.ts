import { z } from 'zod';
import { POOL_LABEL } from '../bot-labels';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import { hostsBySite } from './host-at-site';
import { poolMemberSchema } from './pool-member-schema';
import { taintIdentity } from './pool-metadata';

/** The `pool label` command's changes (stored as `pool-relabel` before: the change store reads that as this). */
export const POOL_LABEL_KIND = 'pool-label';

const planSchema = z.object({
  cluster: z.string().min(1),
  pool: z.string().min(1),
  from: z.object({ labels: z.record(z.string(), z.string()), taints: z.array(z.string()) }),
  to: z.object({ labels: z.record(z.string(), z.string()), taints: z.array(z.string()) }),
  hosts: z.array(poolMemberSchema),
});

export type PoolLabelPlan = z.infer<typeof planSchema>;

export const POOL_LABEL_STEPS = {
  record: 'pool-record-metadata',
  patch: 'pool-patch-node',
  rewrite: 'pool-rewrite-node-config',
} as const;

/** What a taint's coming or going does to the pods, in plain words. */
function taintEffect(taint: string, op: 'add' | 'remove'): string {
  const effect = taint.slice(taint.lastIndexOf(':') + 1);
  if (op === 'remove') return 'pods without its toleration may be scheduled there again';
  if (effect === 'NoExecute') return 'pods that do not tolerate it are evicted at once';
  if (effect === 'NoSchedule') return 'new pods that do not tolerate it stay away; running ones stay';
  return 'the scheduler avoids the nodes for pods that do not tolerate it';
}

/** The label and taint changes, each with its effect. */
export function labelDiff(plan: Pick<PoolLabelPlan, 'from' | 'to'>): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const [k, v] of Object.entries(plan.to.labels)) {
    const before = plan.from.labels[k];
    if (before === undefined) lines.push({ op: 'add', text: `label ${k}=${v}` });
    else if (before !== v) lines.push({ op: 'change', text: `label ${k}: ${before} → ${v}` });
  }
  for (const k of Object.keys(plan.from.labels)) {
    if (!(k in plan.to.labels)) lines.push({ op: 'remove', text: `label ${k}=${plan.from.labels[k]}` });
  }
  const ids = (list: string[]) => new Map(list.map((t) => [taintIdentity(t), t]));
  const before = ids(plan.from.taints);
  const after = ids(plan.to.taints);
  for (const [id, t] of after) {
    const old = before.get(id);
    if (old === undefined) lines.push({ op: 'add', text: `taint ${t}: ${taintEffect(t, 'add')}` });
    else if (old !== t) lines.push({ op: 'change', text: `taint ${old} → ${t}: ${taintEffect(t, 'add')}` });
  }
  for (const [id, t] of before) {
    if (!after.has(id)) lines.push({ op: 'remove', text: `taint ${t}: ${taintEffect(t, 'remove')}` });
  }
  return lines;
}

/**
 * kubelet applies labels and taints only when a node first registers: a relabel patches the
 * running Nodes through the API and rewrites the pool's NodeConfig on each SSM host, for its
 * next join. The pool's record changes first, so drift shows any node not yet relabelled.
 */
export function planPoolLabel(plan: PoolLabelPlan): PlannedChange<PoolLabelPlan> {
  const steps: StepSpec[] = [
    {
      key: 'pool.record',
      action: POOL_LABEL_STEPS.record,
      title: `Record the new labels and taints of pool ${plan.pool}`,
      group: 'pool',
      skippable: false,
      bookkeeping: true,
      input: {},
    },
  ];
  for (const host of plan.hosts) {
    const input = {
      host: host.name,
      ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
      ...(host.nodeName ? { nodeName: host.nodeName } : {}),
    };
    if (host.nodeName) {
      steps.push({
        key: `${host.name}.patch`,
        action: POOL_LABEL_STEPS.patch,
        title: `Labels and taints on node ${host.nodeName}`,
        group: host.name,
        skippable: true,
        input,
      });
    }
    if (host.auth === 'ssm' && host.managedInstanceId) {
      steps.push({
        key: `${host.name}.rewrite`,
        action: POOL_LABEL_STEPS.rewrite,
        title: `Rewrite the NodeConfig on ${host.name}`,
        group: host.name,
        skippable: true,
        input,
      });
    }
  }
  const diff = labelDiff(plan);
  return {
    kind: POOL_LABEL_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: `Relabel pool ${plan.pool} (${plan.hosts.length} node${plan.hosts.length === 1 ? '' : 's'})`,
    summary: [
      `patch the labels and taints of the pool's running nodes through the Kubernetes API (kubelet applies \`--node-labels\` only when a node first registers); ${POOL_LABEL} stays`,
      "rewrite the pool's part of the NodeConfig on each SSM host, so a future join carries them too (with the host's site); nothing restarts",
      `nodes by site: ${hostsBySite(plan.hosts)}`,
    ],
    diff,
    steps,
    maxParallel: 5,
    unit: 'nodes',
    canRollBack: false,
    plan,
  };
}

export const poolLabelPlanner: ChangePlanner<PoolLabelPlan> = {
  kind: POOL_LABEL_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planPoolLabel,
};
