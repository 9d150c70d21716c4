import { newJournal, runnableSteps } from '../../../../src/domain/changes/journal';
import {
  type PoolCreatePlan,
  planPoolCreate,
  poolCreatePlanner,
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
    { name: 'h1', auth: 'ssm', managedInstanceId: 'mi-1' },
    { name: 'h2', auth: 'ssm', managedInstanceId: 'mi-2' },
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
