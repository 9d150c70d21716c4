import { newJournal, runnableSteps } from '../../../../src/domain/changes/journal';
import { planPoolRemove, poolShrinkProblems } from '../../../../src/domain/pools/pool-remove-plan';

describe('taking hosts out of a pool', () => {
  const planned = planPoolRemove({
    cluster: 'demo',
    pool: 'tills',
    hosts: [
      {
        name: 'h1',
        auth: 'ssm',
        managedInstanceId: 'mi-00000000000000001',
        nodeName: 'mi-00000000000000001',
        site: 'store-12',
      },
      { name: 'h2', auth: 'iam-ra', nodeName: 'h2', site: 'plant-3' },
      { name: 'h3', auth: 'ssm', managedInstanceId: 'mi-00000000000000003' },
    ],
  });

  it("names each host's site", () => {
    expect(planned.diff.map((d) => d.text)).toEqual([
      'host h1 (store-12), node mi-00000000000000001, from pool tills',
      'host h2 (plant-3), node h2, from pool tills',
      'host h3 (no site) from pool tills',
    ]);
  });

  it('follows AWS: cordon, drain, uninstall, delete the node, then out of the pool', () => {
    expect(planned.steps.filter((s) => s.group === 'h1').map((s) => s.action)).toEqual([
      'pool-cordon',
      'pool-drain',
      'pool-nodeadm-uninstall',
      'pool-delete-node',
      'pool-release-host',
    ]);
    expect(planned.steps.filter((s) => s.group === 'h2').map((s) => s.action)).toContain(
      'pool-await-uninstall',
    );
    // A host whose node is gone only needs the uninstall and the release.
    expect(planned.steps.filter((s) => s.group === 'h3').map((s) => s.action)).toEqual([
      'pool-nodeadm-uninstall',
      'pool-release-host',
    ]);
    expect(planned.summary.join('\n')).toContain('needing a new activation');
  });

  it('takes one host at a time, so the pool loses one node at a time', () => {
    expect(runnableSteps(newJournal(planned.steps), planned.maxParallel).map((s) => s.group)).toEqual(['h1']);
  });

  it('deletes the pool last when it is `pool delete`', () => {
    const del = planPoolRemove({ cluster: 'demo', pool: 'tills', hosts: [], deletePool: true });
    expect(del.title).toBe('Delete pool tills (0 hosts)');
    expect(del.steps.map((s) => s.action)).toEqual(['pool-delete']);
  });
});

describe('what a pool may lose', () => {
  const base = {
    pool: 'tills',
    members: ['h1', 'h2'],
    nodes: [
      { host: 'h1', ready: true, pods: 3 },
      { host: 'h2', ready: false, pods: 0 },
    ],
    force: false,
    isAdmin: false,
  };

  it('refuses to take the last Ready node while pods run there, saying what to do', () => {
    const [problem] = poolShrinkProblems({ ...base, removing: ['h1'] });
    expect(problem).toContain('last Ready node of pool tills while 3 pods run there');
    expect(problem).toContain('--force');
  });

  it('lets an admin force it, and nobody else', () => {
    expect(poolShrinkProblems({ ...base, removing: ['h1'], force: true, isAdmin: true })).toEqual([]);
    expect(poolShrinkProblems({ ...base, removing: ['h1'], force: true })).toEqual([
      '--force is for admins: ask one, or remove fewer hosts.',
    ]);
  });

  it('names hosts that are not in the pool', () => {
    expect(poolShrinkProblems({ ...base, removing: ['h2', 'h9'] })).toEqual([
      'Host h9 is not in pool tills.',
    ]);
  });
});

describe('budgets that would stop the drain', () => {
  it('refuses while a budget allows no disruption, unless forced', () => {
    const facts = {
      pool: 'tills',
      members: ['h1', 'h2'],
      removing: ['h1'],
      nodes: [
        { host: 'h1', ready: true, pods: 1 },
        { host: 'h2', ready: true, pods: 1 },
      ],
      blockingBudgets: ['shop/checkout (checkout-1)'],
      force: false,
      isAdmin: true,
    };
    expect(poolShrinkProblems(facts)[0]).toContain(
      'PodDisruptionBudget shop/checkout (checkout-1) allows no disruption now',
    );
    expect(poolShrinkProblems({ ...facts, force: true })).toEqual([]);
  });
});
