import type { StepRecord, StepSpec } from '../changes/journal';
import { nodeInput, type PoolUpgradePlan, ROLLOUT_STEPS } from './pool-upgrade-plan';

/** The group of a node's roll-back steps: apart from its forward steps, so the two never interleave. */
export const backGroup = (host: string) => `back:${host}`;
export const BACK_POOL_GROUP = 'back:pool';

const tried = (steps: readonly StepRecord[], key: string) =>
  steps.some((s) => s.key === key && (s.attempts > 0 || s.state === 'done'));

/**
 * Rolling a rollout back: every node the rollout touched goes back to the previous profile version
 * the way it came, the last one first. A node only cordoned (or drained) is uncordoned; a node whose
 * `nodeadm init` (or `upgrade`) ran, even if it failed, is cordoned, drained, brought back with the
 * previous settings and `nodeadm init` and waited for Ready. The pool stays on the previous version.
 * A rollout whose roll back would lower the Kubernetes minor is planned without one (rollbackRefusal):
 * the `nodeadm upgrade <previous>` steps below serve only changes planned before that rule.
 */
export function rolloutRollbackSteps(plan: PoolUpgradePlan, steps: readonly StepRecord[]): StepSpec[] {
  const startedAt = (host: string) =>
    steps.find((s) => s.key === `${host}.start`)?.startedAt ?? Number.MAX_SAFE_INTEGER;
  const touched = plan.nodes
    .map((node, order) => ({ node, order }))
    .filter(({ node }) => tried(steps, `${node.host}.start`))
    .sort((a, b) => startedAt(b.node.host) - startedAt(a.node.host) || b.order - a.order);
  const specs: StepSpec[] = [];
  const { from } = plan;
  for (const { node } of touched) {
    const input = { ...nodeInput(node), back: true };
    const step = (key: string, action: string, title: string) =>
      specs.push({
        key: `back.${node.host}.${key}`,
        action,
        title,
        group: backGroup(node.host),
        skippable: true,
        skipsGroup: true,
        back: true,
        input,
      });
    const changed = tried(steps, `${node.host}.upgrade`) || tried(steps, `${node.host}.init`);
    if (changed) {
      step('start', ROLLOUT_STEPS.start, `Cordon ${node.nodeName} (${node.host}) to roll it back`);
      step('drain', ROLLOUT_STEPS.drain, `Drain ${node.nodeName}`);
      if (plan.action === 'upgrade') {
        step('upgrade', ROLLOUT_STEPS.upgrade, `nodeadm upgrade ${from.kubernetesVersion} on ${node.host}`);
      } else {
        step('init', ROLLOUT_STEPS.reconfigure, `Previous settings and nodeadm init on ${node.host}`);
      }
      step(
        'uncordon',
        ROLLOUT_STEPS.uncordon,
        `Uncordon ${node.nodeName} once Ready${plan.action === 'upgrade' ? ` at ${from.kubernetesVersion}` : ''}`,
      );
    } else {
      step('uncordon', ROLLOUT_STEPS.uncordon, `Uncordon ${node.nodeName}`);
    }
  }
  specs.push({
    key: 'back.pool.record',
    action: ROLLOUT_STEPS.record,
    title: `Pool ${plan.pool} stays on ${from.name}@${from.version}`,
    group: BACK_POOL_GROUP,
    skippable: false,
    back: true,
    afterOthers: true,
    input: { back: true },
  });
  return specs;
}
