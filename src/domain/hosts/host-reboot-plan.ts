import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, PlannedChange } from '../changes/planner';
import { type BudgetFacts, type PodRef, selects } from '../disruption-budgets';
import { nodeStepInput } from '../nodes/node-step-input';

export const HOST_REBOOT_KIND = 'host-reboot';

const budgetSchema = z.object({
  /** `namespace/name`. */
  name: z.string().min(1),
  /** The node's pods it covers. */
  pods: z.array(z.string()),
  /** Evictions it allowed when the plan was made. */
  disruptionsAllowed: z.number().int().min(0),
});

const planSchema = z.object({
  cluster: z.string().min(1),
  host: z.string().min(1),
  site: z.string(),
  managedInstanceId: z.string().min(1),
  nodeName: z.string().min(1),
  pool: z.string().optional(),
  /** The node's state when the plan was made, as the approver saw it. */
  nodeReady: z.boolean(),
  /** The boot the node reported when planned: Ready again counts only from another boot. */
  bootId: z.string().optional(),
  /** The node's pods the drain evicts (DaemonSet and static pods stay). */
  pods: z.array(z.string()),
  /** The PodDisruptionBudgets that cover those pods. */
  budgets: z.array(budgetSchema),
});

export type HostRebootPlan = z.infer<typeof planSchema>;
export type RebootBudget = z.infer<typeof budgetSchema>;

export const HOST_REBOOT_STEPS = {
  cordon: 'reboot-cordon',
  drain: 'reboot-drain',
  reboot: 'reboot-host',
  awaitReady: 'reboot-await-ready',
  uncordon: 'reboot-uncordon',
} as const;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The budgets that cover any of these pods (an empty selector covers none in policy/v1), with the pods. */
export function budgetsCovering(budgets: readonly BudgetFacts[], pods: readonly PodRef[]): RebootBudget[] {
  const out: RebootBudget[] = [];
  for (const b of budgets) {
    if (Object.keys(b.matchLabels).length === 0 && b.matchExpressions.length === 0) continue;
    const covered = pods.filter((p) => p.namespace === b.namespace && selects(b, p.labels));
    if (covered.length > 0)
      out.push({
        name: `${b.namespace}/${b.name}`,
        pods: covered.map((p) => `${p.namespace}/${p.name}`),
        disruptionsAllowed: Math.max(0, b.disruptionsAllowed),
      });
  }
  return out;
}

/** What a budget does to the drain, for the approver. */
function budgetLine(b: RebootBudget): string {
  const allows =
    b.disruptionsAllowed === 0
      ? 'allows no disruption now: the drain evicts again as kubectl drain does, then pauses naming the pods'
      : `allows ${plural(b.disruptionsAllowed, 'disruption')} now`;
  const named = b.pods.slice(0, 5).map((p) => `\`${p}\``);
  if (b.pods.length > 5) named.push(`${b.pods.length - 5} more`);
  return `PodDisruptionBudget \`${b.name}\` covers ${named.join(', ')}: it ${allows}`;
}

/**
 * Rebooting a hybrid node's host as a change: cordon, drain (budgets respected), one SSM Run
 * Command that reboots through the SSM Agent (exit 194), wait for the node Ready on a new boot,
 * uncordon. A remedy for what a restart of kubelet or containerd does not put right.
 */
export function planHostReboot(plan: HostRebootPlan): PlannedChange<HostRebootPlan> {
  const { host, nodeName, managedInstanceId } = plan;
  const input = nodeStepInput({ host, nodeName, managedInstanceId });
  const step = (key: string, action: string, title: string, more: Record<string, unknown> = {}) => ({
    key,
    action,
    title,
    group: host,
    skippable: false,
    input: { ...input, ...more },
  });
  const steps: StepSpec[] = [
    step('cordon', HOST_REBOOT_STEPS.cordon, `Cordon node ${nodeName}`),
    step('drain', HOST_REBOOT_STEPS.drain, `Drain node ${nodeName}`),
    step('reboot', HOST_REBOOT_STEPS.reboot, `Reboot ${host}`),
    step(
      'ready',
      HOST_REBOOT_STEPS.awaitReady,
      `Wait for node ${nodeName} to be Ready after the reboot`,
      plan.bootId ? { bootIdBefore: plan.bootId } : {},
    ),
    step('uncordon', HOST_REBOOT_STEPS.uncordon, `Uncordon node ${nodeName}`),
  ];
  const where = `${host} (\`${managedInstanceId}\`) at site ${plan.site || 'unknown'}${plan.pool ? `, pool ${plan.pool}` : ''}`;
  const pods = plan.pods.length;
  return {
    kind: HOST_REBOOT_KIND,
    target: { cluster: plan.cluster, kind: 'host', name: host },
    title: `Reboot host ${host}`,
    summary: [
      `cordon node \`${nodeName}\` of ${where} (it was ${plan.nodeReady ? 'Ready' : 'NotReady'} when this was planned) and drain it: ${pods === 0 ? 'no pod to evict' : `${plural(pods, 'pod')} evicted`} (DaemonSet and static pods stay), PodDisruptionBudgets respected`,
      ...(!plan.nodeReady && pods > 0
        ? [
            'the node is NotReady: evicted pods its kubelet cannot end stay Terminating; past their grace period and a margin the drain goes on without them, naming them in the thread, and they go once the kubelet is back',
          ]
        : []),
      ...plan.budgets.map(budgetLine),
      `reboot ${host} through one SSM Run Command (the SSM Agent reboots it on exit 194 and runs the script again once it is back): the host goes down, and everything on it stops until it boots`,
      `then wait for node \`${nodeName}\` to be Ready on the new boot, and uncordon it`,
    ],
    diff: [{ op: 'change', text: `${host}: rebooted` }],
    steps,
    maxParallel: 1,
    unit: 'hosts',
    canRollBack: false,
    plan,
  };
}

export const hostRebootPlanner: ChangePlanner<HostRebootPlan> = {
  kind: HOST_REBOOT_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planHostReboot,
};
