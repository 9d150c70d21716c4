import { planHostRestart } from '../../../../src/domain/hosts/host-restart-plan';

const plan = {
  cluster: 'demo',
  host: 'store12-edge-01',
  site: 'store-12',
  managedInstanceId: 'mi-0abc1234def567890',
  nodeName: 'mi-0abc1234def567890',
  service: 'kubelet' as const,
  nodeReady: false,
  pool: 'tills',
};

describe('planHostRestart', () => {
  it('tells the approver where, what runs, what it does to pods and the node state now', () => {
    const p = planHostRestart(plan);
    expect(p.title).toBe('Restart kubelet on host store12-edge-01');
    expect(p.target).toEqual({ cluster: 'demo', kind: 'host', name: 'store12-edge-01' });
    const said = p.summary.join('\n');
    expect(said).toContain(
      '`systemctl restart kubelet` on store12-edge-01 (`mi-0abc1234def567890`) at site store-12, pool tills',
    );
    expect(said).toContain('running pods keep running');
    expect(said).toContain('it was NotReady when this was planned');
    expect(p.canRollBack).toBe(false);
  });

  it('restarts, then waits for the node: two steps on one host', () => {
    const p = planHostRestart({ ...plan, service: 'containerd', nodeReady: true });
    expect(p.steps.map((s) => [s.key, s.action])).toEqual([
      ['restart', 'restart-service'],
      ['ready', 'await-node-ready'],
    ]);
    expect(p.steps[0]?.input).toMatchObject({
      service: 'containerd',
      managedInstanceId: 'mi-0abc1234def567890',
    });
    expect(p.summary.join('\n')).toContain('new pods cannot start on the node until it is back');
  });
});
