import type { StepSpec } from '../changes/journal';
import type { DiffLine, PlannedChange } from '../changes/planner';
import { hostAtSite } from '../pools/host-at-site';
import { POOL_REMOVE_STEPS } from '../pools/pool-remove-plan';
import { joinSteps } from './pool-cutover-plan';
import {
  nodeInput,
  nodeSteps,
  POOL_UPGRADE_KIND,
  type PoolUpgradePlan,
  poolProfileLines,
  poolRecordStep,
  ROLLOUT_STEPS,
} from './pool-upgrade-plan';

export type Reimage = NonNullable<PoolUpgradePlan['reimage']>;

/**
 * An OS layer change, node by node (max-unavailable at a time): when there is room the node is
 * cordoned and drained, `nodeadm uninstall` deregisters it and its Node is deleted; the requester
 * gets, privately, the re-image instructions and a new bootstrap with a Done button; once the host
 * has registered again it joins as a pool add joins a host, under its new managed instance.
 */
export function planPoolReimage(plan: PoolUpgradePlan, reimage: Reimage): PlannedChange<PoolUpgradePlan> {
  const steps: StepSpec[] = [];
  const { from, to } = plan;
  const image = reimage.image ? `image ${reimage.image}` : `an OS ${to.name}@${to.version} allows`;
  for (const node of plan.nodes) {
    const old = nodeInput(node);
    const step = nodeSteps(steps, node.host);
    step('start', ROLLOUT_STEPS.start, `Cordon ${node.nodeName} (${node.host}) when there is room`, old);
    step('drain', ROLLOUT_STEPS.drain, `Drain ${node.nodeName}`, old);
    step('uninstall', POOL_REMOVE_STEPS.uninstall, `nodeadm uninstall on ${node.host}`, old);
    step('delete-node', POOL_REMOVE_STEPS.deleteNode, `Delete node ${node.nodeName}`, old);
    step(
      'reimage',
      ROLLOUT_STEPS.reimage,
      `${node.host}: the requester re-images it with ${image} (Done)`,
      old,
    );
    // Joining steps find the instance the host registered as after the re-image when they run.
    joinSteps(step, node.host, to.kubernetesVersion, { host: node.host, rejoin: true });
  }
  steps.push(poolRecordStep(plan));
  const n = plan.nodes.length;
  const summary = [
    `${from.name}@${from.version} → ${to.name}@${to.version}: ${plan.why}`,
    `${plan.maxUnavailable} node${plan.maxUnavailable === 1 ? '' : 's'} out at most at once, NotReady nodes counting: each is cordoned, drained (PodDisruptionBudgets respected), \`nodeadm uninstall\`ed (which deregisters it from SSM) and its Node deleted`,
    `then the requester gets, privately, what to do at the host: re-image it with ${image}, keep its address, run the new bootstrap (a fresh activation) and press Done`,
    `once the host has registered again it joins at Kubernetes ${to.kubernetesVersion} as a pool add joins a host (\`nodeadm install\`, the pool's NodeConfig, \`nodeadm init\`, Ready, labels and taints), as a new node`,
    'a host that does not come back pauses the rollout; no roll back: going back is another re-image, with a profile of the old image',
    ...(plan.window
      ? [
          `nodes start only inside the window ${plan.window}; outside it the rollout waits and says until when`,
        ]
      : []),
  ];
  const diff: DiffLine[] = [
    ...poolProfileLines(plan),
    ...plan.nodes.map(
      (node): DiffLine => ({
        op: 'change',
        text: `${hostAtSite({ name: node.host, site: node.site })}  ${node.nodeName}  re-imaged with ${image}, joined anew at its site`,
      }),
    ),
  ];
  return {
    kind: POOL_UPGRADE_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: `Re-image pool ${plan.pool} for ${to.name}@${to.version} (${n} node${n === 1 ? '' : 's'})`,
    summary,
    diff,
    steps,
    maxParallel: plan.maxUnavailable,
    unit: 'nodes',
    canRollBack: false,
    plan,
  };
}

/** What an aborted re-image leaves, node by node. */
export function reimageLeftAfterAbort(
  plan: PoolUpgradePlan,
  steps: readonly { key: string; state: string }[],
): string {
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  const rejoined = plan.nodes.filter((n) => done(`${n.host}.join.labels`));
  const out = plan.nodes.filter((n) => done(`${n.host}.uninstall`) && !done(`${n.host}.join.labels`));
  const cordoned = plan.nodes.filter((n) => done(`${n.host}.start`) && !done(`${n.host}.uninstall`));
  const parts = [
    `${rejoined.length} of ${plan.nodes.length} hosts re-imaged and joined at ${plan.to.name}@${plan.to.version}${rejoined.length > 0 ? ` (${rejoined.map((n) => n.host).join(', ')})` : ''}; the pool's version is unchanged.`,
  ];
  if (out.length > 0) {
    parts.push(
      `Out of the cluster, not joined again: ${out.map((n) => n.host).join(', ')} (still pool members: \`/hybrid pool remove ${plan.pool} --hosts …\` or a new rollout).`,
    );
  }
  if (cordoned.length > 0) {
    parts.push(
      `Still cordoned: ${cordoned.map((n) => `\`${n.nodeName}\``).join(', ')} (\`kubectl uncordon\` once checked).`,
    );
  }
  return parts.join(' ');
}
