import { newJournal, type StepRecord } from '../../../../src/domain/changes/journal';
import { planPoolUpgrade } from '../../../../src/domain/rollouts/pool-upgrade-plan';
import { rolloutRollbackSteps } from '../../../../src/domain/rollouts/rollout-rollback';

const plan = {
  cluster: 'demo',
  pool: 'tills',
  from: { name: 'edge', version: '1.0.0', kubernetesVersion: '1.30' },
  to: { name: 'edge', version: '1.1.0', kubernetesVersion: '1.31' },
  action: 'upgrade' as const,
  why: 'Kubernetes 1.30 → 1.31 (upgrade)',
  maxUnavailable: 2,
  nodes: [1, 2, 3, 4].map((i) => ({ host: `h${i}`, nodeName: `mi-${i}`, managedInstanceId: `mi-${i}` })),
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
  Object.fromEntries(['start', 'drain', 'upgrade', 'uncordon'].map((k, i) => [`${host}.${k}`, at + i]));

describe('rolling a rollout back', () => {
  it('takes the nodes already upgraded back the same way, the last one first, and keeps the pool where it was', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ ...upgradedFully('h1', 100), ...upgradedFully('h2', 200) }),
    );
    expect(steps.map((s) => s.key)).toEqual([
      'back.h2.start',
      'back.h2.drain',
      'back.h2.upgrade',
      'back.h2.uncordon',
      'back.h1.start',
      'back.h1.drain',
      'back.h1.upgrade',
      'back.h1.uncordon',
      'back.pool.record',
    ]);
    expect(steps.find((s) => s.key === 'back.h2.upgrade')?.title).toBe('nodeadm upgrade 1.30 on h2');
    expect(steps.every((s) => s.back && s.input.back === true)).toBe(true);
    expect(steps.at(-1)?.title).toBe('Pool tills stays on edge@1.0.0');
  });

  it('only uncordons a node that was cordoned and drained but never upgraded; leaves untouched nodes alone', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ ...upgradedFully('h1', 100), 'h2.start': 150, 'h2.drain': 151 }),
    );
    expect(steps.filter((s) => s.group === 'back:h2').map((s) => s.action)).toEqual(['rollout-uncordon']);
    expect(steps.some((s) => s.input.host === 'h3' || s.input.host === 'h4')).toBe(false);
  });

  it('treats a failed upgrade as one that ran: a half-upgraded node is brought back in full', () => {
    const steps = rolloutRollbackSteps(
      plan,
      journal({ 'h1.start': 1, 'h1.drain': 2, 'h1.upgrade': 3 }, ['h1.upgrade']),
    );
    expect(steps.filter((s) => s.group === 'back:h1').map((s) => s.key)).toEqual([
      'back.h1.start',
      'back.h1.drain',
      'back.h1.upgrade',
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

  it('is offered in the plan, saying how', () => {
    const planned = planPoolUpgrade(plan);
    expect(planned.canRollBack).toBe(true);
    expect(planned.summary.join('\n')).toContain(
      'the nodes already touched go back to edge@1.0.0, the last one first',
    );
    expect(planPoolUpgrade({ ...plan, action: 'none' }).canRollBack).toBe(false);
  });
});
