import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import { nodeStepInput } from '../nodes/node-step-input';
import { hostAtSite } from './host-at-site';
import { type PoolLeaveFacts, poolLeaveProblems } from './pool-leave-guards';
import { poolMemberSchema } from './pool-member-schema';

export const POOL_REMOVE_KIND = 'pool-remove';

const planSchema = z.object({
  cluster: z.string().min(1),
  pool: z.string().min(1),
  hosts: z.array(poolMemberSchema),
  /** `pool delete`: every host leaves, then the pool itself goes. */
  deletePool: z.boolean().optional(),
  force: z.boolean().optional(),
});

export type PoolRemovePlan = z.infer<typeof planSchema>;

export const POOL_REMOVE_STEPS = {
  cordon: 'pool-cordon',
  drain: 'pool-drain',
  uninstall: 'pool-nodeadm-uninstall',
  awaitUninstall: 'pool-await-uninstall',
  deleteNode: 'pool-delete-node',
  release: 'pool-release-host',
  deletePool: 'pool-delete',
} as const;

/**
 * Per host, as AWS says to remove a hybrid node: cordon → drain (PodDisruptionBudgets respected)
 * → `nodeadm uninstall` (which also deregisters the SSM managed instance) → delete the Node object
 * (billing stops) → the host leaves the pool and goes back to the inventory, needing a new
 * activation. One host at a time, so the pool loses one node at a time.
 */
export function planPoolRemove(plan: PoolRemovePlan): PlannedChange<PoolRemovePlan> {
  const steps: StepSpec[] = [];
  const diff: DiffLine[] = [];
  for (const host of plan.hosts) {
    const input = nodeStepInput({
      host: host.name,
      managedInstanceId: host.managedInstanceId,
      nodeName: host.nodeName,
    });
    const step = (key: string, action: string, title: string, skippable = false) =>
      steps.push({ key: `${host.name}.${key}`, action, title, group: host.name, skippable, input });
    if (host.nodeName) {
      step('cordon', POOL_REMOVE_STEPS.cordon, `Cordon node ${host.nodeName}`);
      step('drain', POOL_REMOVE_STEPS.drain, `Drain node ${host.nodeName}`, true);
    }
    if (host.auth === 'ssm') {
      step('uninstall', POOL_REMOVE_STEPS.uninstall, `nodeadm uninstall on ${host.name}`);
    } else if (host.nodeName) {
      step(
        'await-uninstall',
        POOL_REMOVE_STEPS.awaitUninstall,
        `${host.name}: the requester runs nodeadm uninstall`,
      );
    }
    if (host.nodeName) step('delete-node', POOL_REMOVE_STEPS.deleteNode, `Delete node ${host.nodeName}`);
    step('release', POOL_REMOVE_STEPS.release, `Take ${host.name} out of pool ${plan.pool}`);
    diff.push({
      op: 'remove',
      text: `host ${hostAtSite(host)}${host.nodeName ? `, node ${host.nodeName},` : ''} from pool ${plan.pool}`,
    });
  }
  if (plan.deletePool) {
    steps.push({
      key: 'pool.delete',
      action: POOL_REMOVE_STEPS.deletePool,
      title: `Delete pool ${plan.pool}`,
      group: 'pool',
      skippable: false,
      bookkeeping: true,
      input: {},
    });
    diff.push({ op: 'remove', text: `pool ${plan.pool} in ${plan.cluster}` });
  }
  const n = plan.hosts.length;
  const summary = [
    `per host, one at a time: cordon, drain (PodDisruptionBudgets respected; the pods that block are named), \`nodeadm uninstall\`${plan.hosts.some((h) => h.auth === 'ssm') ? ' through SSM Run Command' : ''}, delete the Node object (billing for it stops)`,
    'each host goes back to the inventory needing a new activation: uninstall deregisters its SSM managed instance',
    ...(plan.deletePool ? [`then pool ${plan.pool} itself is deleted`] : []),
    ...(plan.force ? [':warning: forced by an admin past the safety checks'] : []),
  ];
  return {
    kind: POOL_REMOVE_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: plan.deletePool
      ? `Delete pool ${plan.pool} (${n} host${n === 1 ? '' : 's'})`
      : `Remove ${n} host${n === 1 ? '' : 's'} from pool ${plan.pool}`,
    summary,
    diff,
    steps,
    maxParallel: 1,
    unit: 'hosts',
    canRollBack: false,
    plan,
  };
}

export const poolRemovePlanner: ChangePlanner<PoolRemovePlan> = {
  kind: POOL_REMOVE_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planPoolRemove,
};

export interface PoolShrinkFacts extends PoolLeaveFacts {
  members: readonly string[];
  /** `pool delete`: an empty pool may go. */
  deleting?: boolean;
}

/** Why the hosts cannot leave the pool as asked; empty when they can. */
export function poolShrinkProblems(f: PoolShrinkFacts): string[] {
  const problems: string[] = [];
  for (const host of f.removing) {
    if (!f.members.includes(host)) problems.push(`Host ${host} is not in pool ${f.pool}.`);
  }
  if (f.removing.length === 0 && !f.deleting) problems.push('No hosts given: list them with --hosts h1,h2.');
  return [...problems, ...poolLeaveProblems(f)];
}
