import { newJournal, runnableSteps } from '../../../../src/domain/changes/journal';
import { planRollout } from '../../../../src/domain/rollouts/pool-rollout-planner';
import { planPoolUpgrade } from '../../../../src/domain/rollouts/pool-upgrade-plan';

const plan = {
  cluster: 'demo',
  pool: 'tills',
  from: { name: 'edge', version: '1.0.0', kubernetesVersion: '1.30' },
  to: { name: 'edge', version: '1.1.0', kubernetesVersion: '1.31' },
  action: 'upgrade' as const,
  why: 'Kubernetes 1.30 → 1.31 (upgrade)',
  maxUnavailable: 2,
  nodes: [1, 2, 3].map((i) => ({ host: `h${i}`, nodeName: `mi-${i}`, managedInstanceId: `mi-${i}` })),
};

describe('the rollout plan', () => {
  it('per node: cordon when there is room, drain, nodeadm upgrade, uncordon once Ready at the target; the pool last', () => {
    const planned = planPoolUpgrade(plan);
    expect(planned.steps.filter((s) => s.group === 'h1').map((s) => s.action)).toEqual([
      'rollout-start',
      'rollout-drain',
      'rollout-nodeadm-upgrade',
      'rollout-uncordon',
    ]);
    expect(planned.steps.find((s) => s.key === 'h1.uncordon')?.title).toBe(
      'Uncordon mi-1 once Ready at 1.31',
    );
    expect(planned.steps.at(-1)?.action).toBe('rollout-record-profile');
    expect(planned.diff.map((d) => d.text)).toContain('h2 (no site)  mi-2  1.30 → 1.31');
  });

  it('has at most max-unavailable nodes under way', () => {
    const planned = planPoolUpgrade(plan);
    const groups = new Set(runnableSteps(newJournal(planned.steps), planned.maxParallel).map((s) => s.group));
    expect([...groups]).toEqual(['h1', 'h2']);
  });

  it('settings alone: new NodeConfig and nodeadm init instead of an upgrade; nothing: only the pool moves', () => {
    const settings = planPoolUpgrade({
      ...plan,
      action: 'reconfigure',
      to: { ...plan.to, kubernetesVersion: '1.30' },
    });
    expect(settings.steps.map((s) => s.action)).toContain('rollout-nodeadm-init');
    expect(settings.steps.map((s) => s.action)).not.toContain('rollout-nodeadm-upgrade');
    const none = planPoolUpgrade({ ...plan, action: 'none' });
    expect(none.steps.map((s) => s.action)).toEqual(['rollout-record-profile']);
    expect(none.summary.join('\n')).toContain('every node is skipped');
  });

  it('says when a window holds nodes back', () => {
    expect(planPoolUpgrade({ ...plan, window: '22:00-04:00' }).summary.join('\n')).toContain('22:00-04:00');
  });

  it('has the requester upgrade an IAM Roles Anywhere host by hand, the bot draining it first', () => {
    const planned = planPoolUpgrade({
      ...plan,
      nodes: [...plan.nodes, { host: 'kiosk-1', nodeName: 'kiosk-1', auth: 'iam-ra' as const }],
    });
    const kiosk = planned.steps.filter((s) => s.group === 'kiosk-1');
    expect(kiosk.map((s) => s.action)).toEqual([
      'rollout-start',
      'rollout-drain',
      'rollout-nodeadm-upgrade',
      'rollout-uncordon',
    ]);
    expect(kiosk[2]?.title).toBe('nodeadm upgrade 1.31 on kiosk-1 (by the requester, Done)');
    expect(kiosk[2]?.input).toEqual({ host: 'kiosk-1', nodeName: 'kiosk-1', auth: 'iam-ra' });
    expect(planned.summary.join('\n')).toContain(
      'IAM Roles Anywhere hosts: once drained, the requester gets',
    );
  });
});

describe('a rollout to a profile of another name', () => {
  const switching = {
    ...plan,
    pool: 'pos',
    from: { name: 'store-pos', version: '1.4.0', kubernetesVersion: '1.30' },
    to: { name: 'edge-standard', version: '2.0.0', kubernetesVersion: '1.31' },
  };
  const join = { arch: 'amd64' as const, containerdSource: 'none' as const, labels: {}, taints: [] };
  const strategies = {
    'in place': switching,
    cutover: {
      ...switching,
      cutover: {
        ...join,
        spares: [1, 2, 3].map((i) => ({ host: `s${i}`, managedInstanceId: `mi-s${i}` })),
      },
    },
    're-image': { ...switching, action: 'reimage' as const, reimage: { ...join, image: 'edge-os-v7' } },
  };

  it.each(Object.entries(strategies))('says so in the plan (%s)', (_, p) => {
    expect(planRollout(p).diff.slice(0, 2)).toEqual([
      { op: 'change', text: 'pool pos: store-pos@1.4.0 → edge-standard@2.0.0' },
      { op: 'change', text: 'switches pool pos from store-pos to edge-standard' },
    ]);
  });

  it('says nothing of a switch for a new version of the same profile', () => {
    expect(
      planRollout(plan)
        .diff.map((d) => d.text)
        .join('\n'),
    ).not.toContain('switches');
  });
});
