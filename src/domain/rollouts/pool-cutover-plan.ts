import { SITE_LABEL } from '../bot-labels';
import type { StepSpec } from '../changes/journal';
import type { DiffLine, PlannedChange } from '../changes/planner';
import { acrossSites, hostAtSite } from '../pools/host-at-site';
import { POOL_STEPS, type PoolCreatePlan, poolNodeLabels } from '../pools/pool-create-plan';
import { POOL_REMOVE_STEPS, type PoolRemovePlan } from '../pools/pool-remove-plan';
import {
  type JoinFacts,
  type NodeStep,
  nodeInput,
  nodeSteps,
  POOL_UPGRADE_KIND,
  type PoolUpgradePlan,
  poolProfileLines,
  poolRecordStep,
  ROLLOUT_STEPS,
} from './pool-upgrade-plan';

export type Cutover = NonNullable<PoolUpgradePlan['cutover']>;

/**
 * The joining half of a cutover or re-image, as a pool add would plan it: the hosts join at the
 * target (a cutover's spares; a re-image's own hosts, under the instance they register as anew).
 */
export function rolloutJoinPlan(plan: PoolUpgradePlan): PoolCreatePlan {
  const join: JoinFacts | undefined = plan.cutover ?? plan.reimage;
  if (!join) throw new Error(`the rollout of pool ${plan.pool} joins no host`);
  const hosts = plan.cutover
    ? plan.cutover.spares.map((s) => ({ name: s.host, site: s.site }))
    : plan.nodes.map((n) => ({ name: n.host, site: n.site }));
  return {
    cluster: plan.cluster,
    pool: plan.pool,
    arch: join.arch,
    profile: {
      name: plan.to.name,
      version: plan.to.version,
      kubernetesVersion: plan.to.kubernetesVersion,
      containerdSource: join.containerdSource,
    },
    labels: join.labels,
    taints: join.taints,
    maxParallel: 1,
    onFailure: 'pause',
    adding: true,
    hosts: hosts.map(({ name, site }) => ({ name, auth: 'ssm' as const, ...(site ? { site } : {}) })),
  };
}

/** The leaving half, as a pool remove would plan it: the old nodes go. */
export function rolloutLeavePlan(plan: PoolUpgradePlan): PoolRemovePlan {
  return {
    cluster: plan.cluster,
    pool: plan.pool,
    hosts: plan.nodes.map((n) => ({
      name: n.host,
      auth: 'ssm',
      managedInstanceId: n.managedInstanceId,
      nodeName: n.nodeName,
      ...(n.site ? { site: n.site } : {}),
    })),
  };
}

/**
 * AWS's recommended upgrade, one pair at a time: when there is room (and inside the window) the old
 * node is cordoned; a spare host joins at the target as a pool add would join it (install, NodeConfig,
 * init, Ready, labels); only then is the old node drained, `nodeadm uninstall`ed and its Node deleted,
 * and its host leaves the pool. The pool never has fewer Ready nodes than before.
 */
export function planPoolCutover(plan: PoolUpgradePlan, cutover: Cutover): PlannedChange<PoolUpgradePlan> {
  const steps: StepSpec[] = [];
  const { from, to } = plan;
  for (const [i, node] of plan.nodes.entries()) {
    const spare = cutover.spares[i];
    if (!spare) throw new Error(`no spare host for ${node.host}`);
    const old = nodeInput(node);
    const joining = { host: spare.host, managedInstanceId: spare.managedInstanceId };
    const step = nodeSteps(steps, node.host);
    step('start', ROLLOUT_STEPS.start, `Cordon ${node.nodeName} (${node.host}) when there is room`, old);
    step('join.claim', POOL_STEPS.record, `Put ${spare.host} in pool ${plan.pool}`, joining);
    joinSteps(step, spare.host, to.kubernetesVersion, joining);
    step('drain', ROLLOUT_STEPS.drain, `Drain ${node.nodeName}`, old);
    step('uninstall', POOL_REMOVE_STEPS.uninstall, `nodeadm uninstall on ${node.host}`, old);
    step('delete-node', POOL_REMOVE_STEPS.deleteNode, `Delete node ${node.nodeName}`, old);
    step('release', POOL_REMOVE_STEPS.release, `Take ${node.host} out of pool ${plan.pool}`, old);
  }
  steps.push(poolRecordStep(plan));
  const n = plan.nodes.length;
  const labels = [
    ...Object.entries(poolNodeLabels({ pool: plan.pool, labels: cutover.labels })).map(
      ([k, v]) => `${k}=${v}`,
    ),
    `${SITE_LABEL}=<its host's site>`,
  ].join(', ');
  const pairs = plan.nodes.map((node, i) => ({
    node: { ...node, name: node.host },
    spare: cutover.spares[i]!,
  }));
  const crossing = pairs.filter(({ node, spare }) => acrossSites(node, spare));
  const summary = [
    `${from.name}@${from.version} → ${to.name}@${to.version}${from.kubernetesVersion !== to.kubernetesVersion ? `: Kubernetes ${from.kubernetesVersion} → ${to.kubernetesVersion}` : ': new kubelet or containerd settings'}`,
    `cutover, one node at a time: a spare host joins at Kubernetes ${to.kubernetesVersion} (\`nodeadm install\`, the pool's NodeConfig, \`nodeadm init\`, Ready, ${labels}${cutover.taints.length > 0 ? `; taints ${cutover.taints.join(', ')}` : ''}), then the node it replaces, cordoned first, is drained (PodDisruptionBudgets respected), \`nodeadm uninstall\`ed and its Node deleted`,
    ...(crossing.length === 0
      ? ['each spare is from the site of the node it replaces']
      : crossing.map(
          ({ node, spare }) =>
            `:warning: ${hostAtSite({ name: spare.host, site: spare.site })} replaces ${hostAtSite(node)}: pods move between sites`,
        )),
    'the pool never has fewer Ready nodes than now; each old host goes back to the inventory needing a new activation (uninstall deregisters it from SSM)',
    'a step that fails pauses the rollout with the pair as it is; Abort leaves both nodes of a pair under way. No roll back: the old hosts are uninstalled as it goes',
    ...(plan.window
      ? [
          `pairs start only inside the window ${plan.window}; outside it the rollout waits and says until when`,
        ]
      : []),
  ];
  const diff: DiffLine[] = [
    ...poolProfileLines(plan),
    ...plan.nodes.flatMap((node, i): DiffLine[] => [
      {
        op: 'add',
        text: `node on host ${hostAtSite({ name: cutover.spares[i]?.host ?? '', site: cutover.spares[i]?.site })}, SSM ${cutover.spares[i]?.managedInstanceId}, at ${to.kubernetesVersion}`,
      },
      {
        op: 'remove',
        text: `node ${node.nodeName} of host ${hostAtSite({ name: node.host, site: node.site })} at ${from.kubernetesVersion}`,
      },
    ]),
  ];
  return {
    kind: POOL_UPGRADE_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: `Cut pool ${plan.pool} over to ${to.name}@${to.version} (${n} node${n === 1 ? '' : 's'} replaced)`,
    summary,
    diff,
    steps,
    maxParallel: 1,
    unit: 'nodes',
    canRollBack: false,
    plan,
  };
}

/** A host joining the pool as `pool add` joins one: install, NodeConfig, init, Ready, labels and taints. */
export function joinSteps(
  step: NodeStep,
  host: string,
  kubernetesVersion: string,
  input: Record<string, unknown>,
) {
  step('join.install', POOL_STEPS.install, `nodeadm install ${kubernetesVersion} on ${host}`, input);
  step('join.config', POOL_STEPS.writeConfig, `Write the pool's NodeConfig on ${host}`, input);
  step('join.init', POOL_STEPS.init, `nodeadm init on ${host}`, input);
  step('join.ready', POOL_STEPS.awaitNode, `Wait for ${host}'s node to be Ready`, input);
  step('join.labels', POOL_STEPS.ensureLabels, `Labels and taints on ${host}'s node`, input);
}

/** What an aborted cutover leaves, pair by pair, so the requester knows what to tidy. */
export function cutoverLeftAfterAbort(
  plan: PoolUpgradePlan,
  cutover: Cutover,
  steps: readonly { key: string; state: string }[],
): string {
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  const pairs = plan.nodes.map((node, i) => ({ node, spare: cutover.spares[i]! }));
  const replaced = pairs.filter(({ node }) => done(`${node.host}.release`));
  const parts = [
    `${replaced.length} of ${plan.nodes.length} nodes replaced by hosts at ${plan.to.name}@${plan.to.version}${replaced.length > 0 ? ` (${replaced.map((p) => `${p.node.host} → ${p.spare.host}`).join(', ')})` : ''}; the pool's version is unchanged.`,
  ];
  const joinedBoth = pairs.filter(
    ({ node }) => done(`${node.host}.join.labels`) && !done(`${node.host}.release`),
  );
  if (joinedBoth.length > 0) {
    parts.push(
      `Both nodes of a pair are in the pool: ${joinedBoth.map((p) => `${p.spare.host} joined, ${p.node.host} still there`).join('; ')}.`,
    );
  }
  const claimed = pairs.filter(
    ({ node }) => done(`${node.host}.join.claim`) && !done(`${node.host}.join.labels`),
  );
  if (claimed.length > 0) {
    parts.push(
      `In the pool without a finished join: ${claimed.map((p) => p.spare.host).join(', ')} (\`/hybrid pool remove ${plan.pool} --hosts …\` frees them).`,
    );
  }
  const cordoned = pairs.filter(
    ({ node }) => done(`${node.host}.start`) && !done(`${node.host}.delete-node`),
  );
  if (cordoned.length > 0) {
    parts.push(
      `Still cordoned: ${cordoned.map((p) => `\`${p.node.nodeName}\``).join(', ')} (\`kubectl uncordon\` once checked).`,
    );
  }
  return parts.join(' ');
}
