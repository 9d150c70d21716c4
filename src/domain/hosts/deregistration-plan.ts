import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import { nodeStepInput } from '../nodes/node-step-input';

export const DEREGISTRATION_KIND = 'host-deregister';

const planSchema = z.object({
  cluster: z.string().min(1),
  host: z.string().min(1),
  site: z.string(),
  auth: z.enum(['ssm', 'iam-ra']),
  managedInstanceId: z.string().optional(),
  nodeName: z.string().optional(),
  activationId: z.string().optional(),
  /** The pool the host is in: it leaves it as `pool remove` would take it out. */
  pool: z.string().optional(),
  /** An admin passed the pool's safety checks (its last Ready nodes, PodDisruptionBudgets). */
  force: z.boolean().optional(),
});

export type DeregistrationPlan = z.infer<typeof planSchema>;

/** The steps, in AWS's order for removing a hybrid node, each named for what it does. */
export const DEREGISTRATION_STEPS = {
  cordon: 'cordon',
  drain: 'drain',
  uninstall: 'nodeadm-uninstall',
  awaitUninstall: 'await-host-uninstall',
  deleteNode: 'delete-node',
  deregisterInstance: 'deregister-instance',
  deleteActivation: 'delete-activation',
  markHost: 'mark-deregistered',
} as const;

/**
 * AWS's removal order: drain, `nodeadm uninstall` on the host (while SSM can still reach it), delete
 * the Node object (billing stops there), then the SSM leftovers. An IAM Roles Anywhere host cannot
 * be reached, so its uninstall is the requester's, and the change waits for its kubelet to stop:
 * deleting the Node while kubelet runs would only have kubelet register it again.
 */
export function planDeregistration(plan: DeregistrationPlan): PlannedChange<DeregistrationPlan> {
  const { host, nodeName, managedInstanceId, activationId } = plan;
  const steps: StepSpec[] = [];
  const summary: string[] = [];
  const diff: DiffLine[] = [];
  const step = (
    key: string,
    action: string,
    title: string,
    input: Record<string, unknown>,
    skippable = false,
  ) => steps.push({ key, action, title, group: host, skippable, input });
  const nodeInput = nodeStepInput({ host, nodeName, managedInstanceId });
  if (plan.pool) {
    summary.push(`host *${host}* is in pool *${plan.pool}*: it leaves the pool, which keeps its other hosts`);
    diff.push({ op: 'remove', text: `host ${host} from pool ${plan.pool}` });
  }
  if (nodeName) {
    step('cordon', DEREGISTRATION_STEPS.cordon, `Cordon node ${nodeName}`, nodeInput);
    step('drain', DEREGISTRATION_STEPS.drain, `Drain node ${nodeName}`, nodeInput);
    summary.push(
      `drain node \`${nodeName}\`: cordon it, then evict its pods, respecting PodDisruptionBudgets`,
    );
    if (plan.auth === 'ssm' && managedInstanceId) {
      step('uninstall', DEREGISTRATION_STEPS.uninstall, `Run nodeadm uninstall on ${host}`, nodeInput);
      summary.push(
        `run \`nodeadm uninstall\` on ${host} through SSM Run Command (stops kubelet, removes nodeadm's files)`,
      );
    } else {
      step(
        'await-uninstall',
        DEREGISTRATION_STEPS.awaitUninstall,
        `Wait for nodeadm uninstall on ${host}`,
        nodeInput,
      );
      summary.push(
        `wait for the requester to run \`sudo nodeadm uninstall\` on ${host} (the bot cannot reach IAM Roles Anywhere hosts)`,
      );
    }
    step('delete-node', DEREGISTRATION_STEPS.deleteNode, `Delete node ${nodeName}`, nodeInput);
    summary.push(`delete the Node object \`${nodeName}\` (billing for the hybrid node stops)`);
    diff.push({ op: 'remove', text: `node ${nodeName} (cluster ${plan.cluster}, site ${plan.site})` });
  }
  if (managedInstanceId) {
    step(
      'deregister-instance',
      DEREGISTRATION_STEPS.deregisterInstance,
      `Deregister managed instance ${managedInstanceId}`,
      {
        managedInstanceId,
      },
    );
    summary.push(
      `deregister managed instance \`${managedInstanceId}\` from SSM, if \`nodeadm uninstall\` did not`,
    );
    diff.push({ op: 'remove', text: `SSM managed instance ${managedInstanceId}` });
  }
  if (activationId) {
    step(
      'delete-activation',
      DEREGISTRATION_STEPS.deleteActivation,
      `Delete activation ${activationId} if unused`,
      {
        activationId,
      },
    );
    summary.push(`delete activation \`${activationId}\` if no host registered with it`);
  }
  step(
    'mark',
    DEREGISTRATION_STEPS.markHost,
    plan.pool ? `Mark host ${host} deregistered, out of pool ${plan.pool}` : `Mark host ${host} deregistered`,
    {},
  );
  summary.push(
    `${plan.pool ? `take it out of pool ${plan.pool}, and ` : ''}mark host *${host}* (${plan.cluster}, ${plan.site}) deregistered in the inventory`,
  );
  if (plan.force) summary.push(':warning: forced by an admin past the safety checks');
  diff.push({ op: 'change', text: `host ${host}: registered → deregistered` });
  return {
    kind: DEREGISTRATION_KIND,
    target: { cluster: plan.cluster, kind: 'host', name: host },
    title: `Deregister host ${host}`,
    summary,
    diff,
    steps,
    maxParallel: 1,
    unit: 'hosts',
    canRollBack: false,
    plan,
  };
}

export const deregistrationPlanner: ChangePlanner<DeregistrationPlan> = {
  kind: DEREGISTRATION_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planDeregistration,
};
