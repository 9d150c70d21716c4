import fc from 'fast-check';
import { nodesMayStart, rolloutRefusals } from '../../../../src/domain/rollouts/rollout-gates';

const base = {
  cluster: 'demo',
  pool: 'tills',
  targetVersion: '1.31',
  controlPlaneVersion: '1.31',
  ciliumMinor: '1.17',
  ciliumSupport: {},
  newestCilium: '1.18.3-0',
  nodes: [
    { name: 'n1', ready: true },
    { name: 'n2', ready: true },
    { name: 'n3', ready: true },
  ],
  maxUnavailable: 1,
  blockingBudgets: [] as string[],
};
const reasons = (over: Partial<typeof base> & Record<string, unknown>) =>
  rolloutRefusals({ ...base, ...over }).map((r) => `${r.reason} ${r.fix}`);

describe('rollout gates', () => {
  it('lets a rollout within the rules through', () => {
    expect(reasons({})).toEqual([]);
  });

  it('refuses a target newer than the control plane', () => {
    expect(reasons({ targetVersion: '1.32' })[0]).toContain('newer than the control plane (1.31)');
  });

  it('refuses a target more than three minors behind the control plane', () => {
    expect(reasons({ targetVersion: '1.27' })[0]).toContain('more than 3 minors behind');
    expect(reasons({ targetVersion: '1.28' })).toEqual([]);
  });

  it('refuses a Kubernetes minor downgrade in place, saying why and how else to get there', () => {
    const [r, ...rest] = reasons({ targetVersion: '1.30', currentVersion: '1.31', inPlace: true });
    expect(rest).toEqual([]);
    expect(r).toBe(
      'Kubernetes 1.31 → 1.30 is a downgrade: nodeadm and kubelet support upgrades only, so the nodes of pool tills cannot go back to 1.30 where they run. Cut over instead (`--strategy cutover`, or Cutover in the Upgrade form): spare hosts join at 1.30 and the old nodes leave; or re-image the hosts: a profile version whose OS layer changes joins each host anew at 1.30.',
    );
  });

  it('lets a downgrade through when the nodes join anew (a cutover or a re-image), and an upgrade in place', () => {
    expect(reasons({ targetVersion: '1.30', currentVersion: '1.31', inPlace: false })).toEqual([]);
    expect(reasons({ targetVersion: '1.31', currentVersion: '1.30', inPlace: true })).toEqual([]);
  });

  it('asks for the CNI first when Cilium does not support the target', () => {
    const [r] = reasons({ ciliumSupport: { '1.17': ['1.29', '1.30'] } });
    expect(r).toContain('Cilium 1.17 does not support Kubernetes 1.31');
    expect(r).toContain('`/hybrid cni set demo --cilium 1.18.3-0`');
  });

  it('counts NotReady nodes against max-unavailable', () => {
    const nodes = [
      { name: 'n1', ready: false },
      { name: 'n2', ready: true },
      { name: 'n3', ready: true },
    ];
    expect(reasons({ nodes })[0]).toContain('1 node is NotReady in pool tills');
    expect(reasons({ nodes, maxUnavailable: 2 })).toEqual([]);
  });

  it('refuses to take the whole pool out, and names a budget that blocks the first drain', () => {
    expect(reasons({ maxUnavailable: 3 })[0]).toContain('all 3 nodes');
    expect(reasons({ blockingBudgets: ['shop/checkout'] })[0]).toContain('PodDisruptionBudget shop/checkout');
  });
});

describe('how many nodes may start', () => {
  it('never lets more than max-unavailable be out, NotReady ones included', () => {
    const state = fc.constantFrom('pending', 'in-progress', 'done', 'skipped');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ ready: fc.boolean(), state }), { maxLength: 12 }),
        (max, nodes) => {
          const start = nodesMayStart(max, nodes as never);
          const out = nodes.filter((n) => n.state === 'in-progress' || !n.ready).length;
          expect(start).toBeGreaterThanOrEqual(0);
          expect(start).toBeLessThanOrEqual(nodes.filter((n) => n.state === 'pending').length);
          if (start > 0) expect(out + start).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('starts two of six with max-unavailable 2, and none while a NotReady node and one in progress hold both', () => {
    const pending = { ready: true, state: 'pending' as const };
    expect(nodesMayStart(2, Array(6).fill(pending))).toBe(2);
    expect(
      nodesMayStart(2, [{ ready: false, state: 'done' }, { ready: true, state: 'in-progress' }, pending]),
    ).toBe(0);
  });
});
