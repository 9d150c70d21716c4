import { budgetsCovering, planHostReboot } from '../../../../src/domain/hosts/host-reboot-plan';
import { REBOOTED, rebootScript } from '../../../../src/domain/hosts/host-reboot-script';

const plan = {
  cluster: 'demo',
  host: 'store12-edge-01',
  site: 'store-12',
  managedInstanceId: 'mi-0abc1234def567890',
  nodeName: 'mi-0abc1234def567890',
  pool: 'tills',
  nodeReady: false,
  bootId: '3f1c0a52-9d3e-4b8f-a1c2-6e0d7b5a4f21',
  pods: ['retail/store-pos-1', 'retail/store-pos-2', 'retail/cache-0'],
  budgets: [
    { name: 'retail/store-pos', pods: ['retail/store-pos-1', 'retail/store-pos-2'], disruptionsAllowed: 1 },
    { name: 'retail/cache', pods: ['retail/cache-0'], disruptionsAllowed: 0 },
  ],
};

describe('planHostReboot', () => {
  it('cordons, drains, reboots once, waits for Ready on a new boot, uncordons: in that order, on one host', () => {
    const p = planHostReboot(plan);
    expect(p.steps.map((s) => [s.key, s.action])).toEqual([
      ['cordon', 'reboot-cordon'],
      ['drain', 'reboot-drain'],
      ['reboot', 'reboot-host'],
      ['ready', 'reboot-await-ready'],
      ['uncordon', 'reboot-uncordon'],
    ]);
    expect(new Set(p.steps.map((s) => s.group))).toEqual(new Set(['store12-edge-01']));
    expect(p.steps[2]?.input).toMatchObject({ managedInstanceId: 'mi-0abc1234def567890' });
    expect(p.steps[3]?.input).toMatchObject({ bootIdBefore: plan.bootId });
    expect(p.canRollBack).toBe(false);
  });

  it('tells the approver the host, instance, site, pool, node, the pods evicted, the budgets and the downtime', () => {
    const p = planHostReboot(plan);
    expect(p.title).toBe('Reboot host store12-edge-01');
    expect(p.target).toEqual({ cluster: 'demo', kind: 'host', name: 'store12-edge-01' });
    const said = p.summary.join('\n');
    expect(said).toContain(
      'node `mi-0abc1234def567890` of store12-edge-01 (`mi-0abc1234def567890`) at site store-12, pool tills (it was NotReady when this was planned)',
    );
    expect(said).toContain('3 pods evicted');
    expect(said).toContain(
      'PodDisruptionBudget `retail/store-pos` covers `retail/store-pos-1`, `retail/store-pos-2`: it allows 1 disruption now',
    );
    expect(said).toContain(
      'PodDisruptionBudget `retail/cache` covers `retail/cache-0`: it allows no disruption now',
    );
    expect(said).toContain('the host goes down');
  });

  it('tells the approver that, on a NotReady node, the drain goes on without pods its kubelet cannot end', () => {
    const notReady = planHostReboot(plan).summary.join('\n');
    expect(notReady).toContain(
      'the node is NotReady: evicted pods its kubelet cannot end stay Terminating; past their grace period and a margin the drain goes on without them, naming them in the thread, and they go once the kubelet is back',
    );
    expect(planHostReboot({ ...plan, nodeReady: true }).summary.join('\n')).not.toContain('stay Terminating');
    expect(planHostReboot({ ...plan, pods: [], budgets: [] }).summary.join('\n')).not.toContain(
      'stay Terminating',
    );
  });

  it('says when there is nothing to evict, in the singular when one pod is', () => {
    expect(planHostReboot({ ...plan, pods: [], budgets: [] }).summary.join('\n')).toContain(
      'no pod to evict',
    );
    expect(planHostReboot({ ...plan, pods: ['a/b'], budgets: [] }).summary.join('\n')).toContain(
      '1 pod evicted',
    );
  });
});

describe('budgetsCovering', () => {
  const budget = (name: string, matchLabels: Record<string, string>, disruptionsAllowed = 1) => ({
    namespace: 'retail',
    name,
    matchLabels,
    matchExpressions: [],
    disruptionsAllowed,
  });
  it('names the budgets that select the pods, in their namespace, and leaves empty selectors out', () => {
    const pods = [
      { namespace: 'retail', name: 'pos-1', labels: { app: 'pos' } },
      { namespace: 'other', name: 'pos-2', labels: { app: 'pos' } },
    ];
    expect(
      budgetsCovering(
        [budget('pos', { app: 'pos' }, 0), budget('all', {}), budget('cache', { app: 'cache' })],
        pods,
      ),
    ).toEqual([{ name: 'retail/pos', pods: ['retail/pos-1'], disruptionsAllowed: 0 }]);
  });
});

describe('rebootScript', () => {
  it('asks SSM for a reboot with exit 194 after keeping the boot ID in a marker under /var/lib, named after its key', () => {
    const script = rebootScript('hybrid-bot change c1 reboot round 0').join('\n');
    expect(script).toContain('/proc/sys/kernel/random/boot_id');
    expect(script).toContain('marker=/var/lib/hybrid-bot/reboot-hybrid-bot-change-c1-reboot-round-0');
    expect(script).toContain(REBOOTED);
    expect(script.trimEnd().endsWith('exit 194')).toBe(true);
  });
});
