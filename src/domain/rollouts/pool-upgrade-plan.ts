import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { DiffLine, PlannedChange } from '../changes/planner';
import { hostAtSite } from '../pools/host-at-site';
import { rollbackRefusal } from './rollout-gates';

export const POOL_UPGRADE_KIND = 'pool-upgrade';

const profileRef = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  kubernetesVersion: z.string().min(1),
});

/** What a host joining the pool anew (a cutover's spare, a re-imaged host) joins with. */
const joinFacts = z.object({
  arch: z.enum(['amd64', 'arm64']),
  containerdSource: z.enum(['distro', 'docker', 'none']),
  labels: z.record(z.string(), z.string()),
  taints: z.array(z.string()),
});

export type JoinFacts = z.infer<typeof joinFacts>;

export const poolUpgradePlanSchema = z.object({
  cluster: z.string().min(1),
  pool: z.string().min(1),
  from: profileRef,
  to: profileRef,
  action: z.enum(['upgrade', 'reconfigure', 'reimage', 'none']),
  why: z.string(),
  maxUnavailable: z.number().int().min(1),
  /** A daily UTC window (HH:MM-HH:MM) outside which no node is started. */
  window: z.string().optional(),
  nodes: z.array(
    z.object({
      host: z.string().min(1),
      nodeName: z.string().min(1),
      /** Absent for an IAM Roles Anywhere host: the bot cannot reach it, the requester runs nodeadm. */
      managedInstanceId: z.string().min(1).optional(),
      auth: z.enum(['ssm', 'iam-ra']).optional(),
      /** The host's site (absent when it has none, and in plans made before sites were shown). */
      site: z.string().optional(),
    }),
  ),
  /**
   * The cutover strategy: each node is replaced by a spare host joined at the target (spares[i]
   * replaces nodes[i]), rather than upgraded where it runs.
   */
  cutover: joinFacts
    .extend({
      spares: z.array(
        z.object({
          host: z.string().min(1),
          managedInstanceId: z.string().min(1),
          site: z.string().optional(),
        }),
      ),
    })
    .optional(),
  /** A re-image: each host leaves, is re-imaged by the requester, registers again and joins anew. */
  reimage: joinFacts.extend({ image: z.string().optional() }).optional(),
});

export type PoolUpgradePlan = z.infer<typeof poolUpgradePlanSchema>;

export const ROLLOUT_STEPS = {
  start: 'rollout-start',
  drain: 'rollout-drain',
  upgrade: 'rollout-nodeadm-upgrade',
  reconfigure: 'rollout-nodeadm-init',
  /** In journals written before the uncordon step waited for Ready itself. */
  awaitReady: 'rollout-await-ready',
  uncordon: 'rollout-uncordon',
  record: 'rollout-record-profile',
  reimage: 'rollout-reimage',
} as const;

/**
 * In place (see planRollout for both strategies). Node by node, `maxUnavailable` at a time (NotReady nodes count against it; the start step waits
 * for room and for the window): cordon → drain → `nodeadm upgrade` (or, for settings alone, the
 * NodeConfig rewritten and `nodeadm init`) through SSM → Ready at the target version → uncordon.
 * The pool's profile version moves last, once every node is through.
 */
export function planPoolUpgrade(plan: PoolUpgradePlan): PlannedChange<PoolUpgradePlan> {
  const steps: StepSpec[] = [];
  const { from, to } = plan;
  const k8sChange = from.kubernetesVersion !== to.kubernetesVersion;
  if (plan.action !== 'none') {
    for (const node of plan.nodes) {
      const input = nodeInput(node);
      const onNode = nodeSteps(steps, node.host);
      const step = (key: string, action: string, title: string) => onNode(key, action, title, input);
      step('start', ROLLOUT_STEPS.start, `Cordon ${node.nodeName} (${node.host}) when there is room`);
      step('drain', ROLLOUT_STEPS.drain, `Drain ${node.nodeName}`);
      if (plan.action === 'upgrade') {
        const by = node.auth === 'iam-ra' ? ' (by the requester, Done)' : '';
        step(
          'upgrade',
          ROLLOUT_STEPS.upgrade,
          `nodeadm upgrade ${to.kubernetesVersion} on ${node.host}${by}`,
        );
      } else {
        step('init', ROLLOUT_STEPS.reconfigure, `New settings and nodeadm init on ${node.host}`);
      }
      // Waiting for Ready and uncordoning are one step: one hop less between a node's steps.
      step(
        'uncordon',
        ROLLOUT_STEPS.uncordon,
        `Uncordon ${node.nodeName} once Ready${k8sChange ? ` at ${to.kubernetesVersion}` : ''}`,
      );
    }
  }
  steps.push(poolRecordStep(plan));
  const n = plan.nodes.length;
  const summary = [
    `${from.name}@${from.version} → ${to.name}@${to.version}: ${plan.why}`,
    ...(plan.action === 'none'
      ? ["nothing a node runs changes: every node is skipped, and only the pool's profile version moves"]
      : [
          `${plan.maxUnavailable} node${plan.maxUnavailable === 1 ? '' : 's'} out at most at once, NotReady nodes counting; each node is cordoned and drained first (PodDisruptionBudgets respected, the blocking pods named), and must come back Ready${k8sChange ? ` at ${to.kubernetesVersion}` : ''} before it is uncordoned`,
          'a node that does not come back pauses the rollout and keeps the pool held: the failure never spreads to the next node',
          ...(plan.nodes.some((n) => n.auth === 'iam-ra')
            ? [
                'IAM Roles Anywhere hosts: once drained, the requester gets the NodeConfig and `nodeadm upgrade` privately, runs them and presses Done; the bot checks the kubelet version',
              ]
            : []),
        ]),
    ...(plan.action === 'none' ? [] : [rollbackNote(plan)]),
    ...(plan.window
      ? [
          `nodes start only inside the window ${plan.window}; outside it the rollout waits and says until when`,
        ]
      : []),
  ];
  const diff: DiffLine[] = [
    ...poolProfileLines(plan),
    ...(plan.action !== 'none'
      ? plan.nodes.map(
          (node): DiffLine => ({
            op: 'change',
            text: `${hostAtSite({ name: node.host, site: node.site })}  ${node.nodeName}  ${k8sChange ? `${from.kubernetesVersion} → ${to.kubernetesVersion}` : 'new settings'}`,
          }),
        )
      : []),
  ];
  return {
    kind: POOL_UPGRADE_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: `Roll ${to.name}@${to.version} out to pool ${plan.pool} (${n} node${n === 1 ? '' : 's'})`,
    summary,
    diff,
    steps,
    maxParallel: plan.maxUnavailable,
    unit: 'nodes',
    canRollBack: plan.action !== 'none' && !rollbackRefusal(plan),
    plan,
  };
}

export type NodeStep = (key: string, action: string, title: string, input: Record<string, unknown>) => void;

/**
 * Adds a node's steps, in the node's own group. Any failed one may skip the node: it is left as it
 * is (cordoned, if it got that far).
 */
export function nodeSteps(steps: StepSpec[], host: string): NodeStep {
  return (key, action, title, input) =>
    steps.push({
      key: `${host}.${key}`,
      action,
      title,
      group: host,
      skippable: true,
      skipsGroup: true,
      input,
    });
}

/**
 * The pool's profile line, whatever the strategy, and a line of its own when the pool moves to a
 * profile of another name: an approver must not take that for a new version of the same one.
 */
export function poolProfileLines(plan: PoolUpgradePlan): DiffLine[] {
  const { from, to } = plan;
  return [
    { op: 'change', text: `pool ${plan.pool}: ${from.name}@${from.version} → ${to.name}@${to.version}` },
    ...(from.name === to.name
      ? []
      : [{ op: 'change' as const, text: `switches pool ${plan.pool} from ${from.name} to ${to.name}` }]),
  ];
}

/** Last, whatever the strategy: the pool's profile version moves once every node is through. */
export function poolRecordStep(plan: PoolUpgradePlan): StepSpec {
  return {
    key: 'pool.record',
    action: ROLLOUT_STEPS.record,
    title: `Pool ${plan.pool} runs ${plan.to.name}@${plan.to.version}`,
    group: 'pool',
    skippable: false,
    afterOthers: true,
    input: {},
  };
}

/** What a node's steps carry: how to reach the host (an IAM Roles Anywhere host only through the requester). */
export function nodeInput(node: PoolUpgradePlan['nodes'][number]): Record<string, unknown> {
  return {
    host: node.host,
    nodeName: node.nodeName,
    ...(node.managedInstanceId ? { managedInstanceId: node.managedInstanceId } : {}),
    ...(node.auth === 'iam-ra' ? { auth: 'iam-ra' } : {}),
  };
}

/** What the plan says about rolling back, before anyone approves: how, or why it cannot and the way out. */
function rollbackNote(plan: PoolUpgradePlan): string {
  const refusal = rollbackRefusal(plan);
  if (refusal) return `${refusal.reason} ${refusal.fix}`;
  const how =
    plan.action === 'upgrade'
      ? `cordon, drain, \`nodeadm upgrade ${plan.from.kubernetesVersion}\`, Ready at ${plan.from.kubernetesVersion}`
      : 'cordon, drain, the previous settings and `nodeadm init`';
  return `Roll back (while it runs or paused): the nodes already touched go back to ${plan.from.name}@${plan.from.version}, the last one first (${how}); the pool stays on ${plan.from.name}@${plan.from.version}`;
}
