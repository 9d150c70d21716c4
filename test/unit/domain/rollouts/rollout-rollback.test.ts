import { newJournal, type StepRecord } from '../../../../src/domain/changes/journal';
import { planPoolUpgrade } from '../../../../src/domain/rollouts/pool-upgrade-plan';
import { rolloutRollbackSteps } from '../../../../src/domain/rollouts/rollout-rollback';

/** Kubernetes settings alone: a roll back stays within the minor. */
const plan = {
  cluster: 'demo',
  pool: 'tills',
  from: { name: 'edge', version: '1.0.0', kubernetesVersion: '1.30' },
  to: { name: 'edge', version: '1.0.1', kubernetesVersion: '1.30' },
  action: 'reconfigure' as const,
  why: 'kubelet or containerd settings change',
  maxUnavailable: 2,
  nodes: [1, 2, 3, 4].map((i) => ({ host: `h${i}`, nodeName: `mi-${i}`, managedInstanceId: `mi-${i}` })),
};
/** A Kubernetes minor upgrade: going back would lower the minor in place. */
const minorUpgrade = {
  ...plan,
  to: { name: 'edge', version: '1.1.0', kubernetesVersion: '1.31' },
  action: 'upgrade' as const,
  why: 'Kubernetes 1.30 → 1.31 (upgrade)',
};

/** The journal after some steps ran: `ran` maps a step key to when it started. */
function journal(ran: Record<string, number>, failed: string[] = []): StepRecord[] {
  return newJournal(planPoolUpgrade(plan).steps).map((s) => {
    const at = ran[s.key];
    if (at === undefined) return s;
    return { ...s, state: failed.includes(s.key) ? 'failed' : 'done', attempts: 1, startedAt: at };
  });
}

const upgradedFully = (host: string, at: number) =>
  Object.fromEntries(['start', 'drain', 'init', 'uncordon'].map((k, i) => [`${host}.${k}`, at + i]));

describe('rolling a rollout back', () => {
  it('takes the nodes already reconfigured back the same way, the last one first, and keeps the pool where it was', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ ...upgradedFully('h1', 100), ...upgradedFully('h2', 200) }),
    );
    expect(steps.map((s) => s.key)).toEqual([
      'back.h2.start',
      'back.h2.drain',
      'back.h2.init',
      'back.h2.uncordon',
      'back.h1.start',
      'back.h1.drain',
      'back.h1.init',
      'back.h1.uncordon',
      'back.pool.record',
    ]);
    expect(steps.find((s) => s.key === 'back.h2.init')?.title).toBe(
      'Previous settings and nodeadm init on h2',
    );
    expect(steps.every((s) => s.back && s.input.back === true)).toBe(true);
    expect(steps.at(-1)?.title).toBe('Pool tills stays on edge@1.0.0');
  });

  it('only uncordons a node that was cordoned and drained but never reconfigured; leaves untouched nodes alone', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ ...upgradedFully('h1', 100), 'h2.start': 150, 'h2.drain': 151 }),
    );
    expect(steps.filter((s) => s.group === 'back:h2').map((s) => s.action)).toEqual(['rollout-uncordon']);
    expect(steps.some((s) => s.input.host === 'h3' || s.input.host === 'h4')).toBe(false);
  });

  it('treats a failed nodeadm init as one that ran: a half-reconfigured node is brought back in full', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ 'h1.start': 1, 'h1.drain': 2, 'h1.init': 3 }, ['h1.init']),
    );
    expect(steps.filter((s) => s.group === 'back:h1').map((s) => s.key)).toEqual([
      'back.h1.start',
      'back.h1.drain',
      'back.h1.init',
      'back.h1.uncordon',
    ]);
  });

  it('settings alone go back with the previous settings and nodeadm init', () => {
    const settings = {
      ...plan,
      action: 'reconfigure' as const,
      to: { ...plan.to, kubernetesVersion: '1.30' },
    };
    const ran = newJournal(planPoolUpgrade(settings).steps).map((s) =>
      s.group === 'h1' ? { ...s, state: 'done' as const, attempts: 1, startedAt: 5 } : s,
    );
    const steps = rolloutRollbackSteps(settings, ran);
    expect(steps.filter((s) => s.group === 'back:h1').map((s) => s.action)).toContain('rollout-nodeadm-init');
  });

  it('is offered in the plan, saying how, when going back stays within the Kubernetes minor', () => {
    const planned = planPoolUpgrade(plan);
    expect(planned.canRollBack).toBe(true);
    expect(planned.summary.join('\n')).toContain(
      'the nodes already touched go back to edge@1.0.0, the last one first (cordon, drain, the previous settings and `nodeadm init`)',
    );
    expect(planPoolUpgrade({ ...plan, action: 'none' }).canRollBack).toBe(false);
  });

  it('is refused in the plan when going back would lower the Kubernetes minor in place, with the reason and the way out', () => {
    const planned = planPoolUpgrade(minorUpgrade);
    expect(planned.canRollBack).toBe(false);
    const said = planned.summary.join('\n');
    expect(said).toContain(
      'No Roll back: going back from Kubernetes 1.31 to 1.30 would be a downgrade in place, and nodeadm and kubelet support upgrades only, so a node once upgraded stays at 1.31',
    );
    expect(said).toContain(
      'To take a node back to 1.30, it joins anew: `/hybrid pool remove tills --cluster demo --hosts <host>`',
    );
    expect(said).not.toContain('nodeadm upgrade 1.30');
  });
});
