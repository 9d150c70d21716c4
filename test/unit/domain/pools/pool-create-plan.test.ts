import { newJournal, runnableSteps } from '../../../../src/domain/changes/journal';
import {
  type PoolCreatePlan,
  planPoolCreate,
  poolCreatePlanner,
  poolHostNodeLabels,
} from '../../../../src/domain/pools/pool-create-plan';

const plan: PoolCreatePlan = {
  cluster: 'demo',
  pool: 'edge-a',
  arch: 'amd64',
  profile: { name: 'edge-standard', version: '1.2.0', kubernetesVersion: '1.31', containerdSource: 'none' },
  labels: { 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  maxParallel: 2,
  onFailure: 'pause',
  hosts: [
    { name: 'h1', auth: 'ssm', managedInstanceId: 'mi-1', site: 'store-12' },
    { name: 'h2', auth: 'ssm', managedInstanceId: 'mi-2', site: 'plant-3' },
    { name: 'h3', auth: 'iam-ra' },
  ],
};

describe('the pool creation plan', () => {
  const planned = planPoolCreate(plan);

  it('claims each SSM host for the pool, then runs install, config, init, Ready and labels, in that order', () => {
    expect(planned.steps.filter((s) => s.group === 'h1').map((s) => s.action)).toEqual([
      'record-pool-member',
      'nodeadm-install',
      'write-node-config',
      'nodeadm-init',
      'await-node-ready',
      'ensure-node-labels',
    ]);
  });

  it('gives an IAM Roles Anywhere host instructions instead of Run Command', () => {
    expect(planned.steps.filter((s) => s.group === 'h3').map((s) => s.action)).toEqual([
      'record-pool-member',
      'host-instructions',
      'await-node-ready',
      'ensure-node-labels',
    ]);
    expect(planned.summary.join('\n')).toContain('presses Done');
  });

  it('says what runs, the labels with the membership label, and the taints', () => {
    const text = planned.summary.join('\n');
    expect(text).toContain('`nodeadm install 1.31 -p ssm -s none`');
    expect(text).toContain('example.com/tier=pos, hybrid-bot.io/pool=edge-a');
    expect(text).toContain('dedicated=pos:NoSchedule');
    expect(planned.diff.filter((d) => d.op === 'add')).toHaveLength(4);
  });

  it("names each host's site, which its node is labelled with", () => {
    expect(planned.diff.map((d) => d.text)).toEqual(
      expect.arrayContaining([
        'node on host h1 (store-12), SSM mi-1',
        'node on host h2 (plant-3), SSM mi-2',
        'node on host h3 (no site), IAM Roles Anywhere',
      ]),
    );
    expect(planned.summary.join('\n')).toContain("hybrid-bot.io/site=<its host's site>");
    expect(poolHostNodeLabels(plan, plan.hosts[1]!)).toEqual({
      'example.com/tier': 'pos',
      'hybrid-bot.io/pool': 'edge-a',
      'hybrid-bot.io/site': 'plant-3',
    });
  });

  it('holds the pool and runs at most max-parallel hosts at once', () => {
    expect(planned.target).toEqual({ cluster: 'demo', kind: 'pool', name: 'edge-a' });
    const groups = new Set(runnableSteps(newJournal(planned.steps), planned.maxParallel).map((s) => s.group));
    expect(groups.size).toBe(2);
  });

  it('reads its stored plan back, and refuses one it cannot read', () => {
    expect(poolCreatePlanner.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
    expect(() => poolCreatePlanner.parse({ ...plan, hosts: [] })).toThrow();
  });
});

describe('adopting hosts that already run as nodes', () => {
  const planned = planPoolCreate({
    ...plan,
    hosts: [
      {
        name: 'h1',
        auth: 'ssm',
        managedInstanceId: 'mi-00000000000000001',
        adoptNode: 'mi-00000000000000001',
      },
    ],
  });

  it('claims the host and patches its node, without running nodeadm again', () => {
    expect(planned.steps.map((s) => s.action)).toEqual([
      'record-pool-member',
      'await-node-ready',
      'ensure-node-labels',
    ]);
    expect(planned.summary.join('\n')).toContain(
      'adopted as they run (no re-join): h1 (node mi-00000000000000001)',
    );
  });
});

describe('the CoreDNS step that closes a pool change', () => {
  const line =
    "CoreDNS: 0 of 2 replicas on hybrid nodes; AWS advises replicas on both cloud and hybrid nodes: the coredns add-on's replicaCount goes 2 → 4 (UpdateAddon, its other values kept)";
  const withCoreDns: PoolCreatePlan = {
    ...plan,
    coredns: { line, step: { wantedOnHybrid: 2, fromReplicas: 2, replicaCount: 4 } },
  };
  const planned = planPoolCreate(withCoreDns);

  it('runs once every host is through, and shows its line and its diff', () => {
    const last = planned.steps.at(-1)!;
    expect(last).toMatchObject({ action: 'coredns-on-hybrid', afterOthers: true, skippable: true });
    expect(last.input).toEqual({ wantedOnHybrid: 2, fromReplicas: 2, replicaCount: 4 });
    expect(planned.summary).toContain(line);
    expect(planned.diff).toContainEqual({ op: 'change', text: 'coredns add-on replicaCount 2 → 4' });
    const journal = newJournal(planned.steps);
    const others = journal.filter((s) => s.group !== 'coredns');
    for (const s of others) s.state = 'done';
    expect(runnableSteps(journal, 50).map((s) => s.action)).toEqual(['coredns-on-hybrid']);
    const fresh = newJournal(planned.steps);
    expect(runnableSteps(fresh, 50).some((s) => s.group === 'coredns')).toBe(false);
    expect(poolCreatePlanner.parse(JSON.parse(JSON.stringify(withCoreDns)))).toEqual(withCoreDns);
  });

  it('shows only the line when there is nothing the bot does', () => {
    const noted = planPoolCreate({ ...plan, coredns: { line: 'CoreDNS: not an EKS add-on' } });
    expect(noted.steps.some((s) => s.group === 'coredns')).toBe(false);
    expect(noted.summary).toContain('CoreDNS: not an EKS add-on');
  });
});
