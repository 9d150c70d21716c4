import {
  describePoolDrift,
  membershipFromNodes,
  type PoolNode,
  type PoolWanted,
  poolDrift,
} from '../../../../src/domain/pools/pool-drift';

const node = (name: string, extra: Partial<PoolNode> = {}): PoolNode => ({
  name,
  labels: { 'hybrid-bot.io/pool': 'edge-a', 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  kubeletVersion: 'v1.31.4-eks-a1b2c3',
  ...extra,
});

const pool: PoolWanted = {
  name: 'edge-a',
  kubernetesVersion: '1.31',
  labels: { 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  members: { h1: 'mi-1', h2: 'mi-2' },
};

describe('pool drift', () => {
  it('finds none when every member runs as its pool wants', () => {
    expect(poolDrift(pool, [node('mi-1'), node('mi-2'), node('mi-other', { labels: {} })])).toEqual([]);
  });

  it('names a node at another Kubernetes minor', () => {
    expect(poolDrift(pool, [node('mi-1', { kubeletVersion: 'v1.30.9-eks-1' }), node('mi-2')])).toEqual([
      { kind: 'version', node: 'mi-1', running: '1.30', wanted: '1.31' },
    ]);
  });

  it('names missing and different labels, including the membership label', () => {
    const drift = poolDrift(pool, [node('mi-1', { labels: { 'example.com/tier': 'kiosk' } }), node('mi-2')]);
    expect(drift).toEqual([
      { kind: 'labels', node: 'mi-1', missing: ['hybrid-bot.io/pool'], wrong: ['example.com/tier'] },
    ]);
    expect(describePoolDrift('edge-a', drift[0]!)).toBe(
      'node mi-1: labels hybrid-bot.io/pool missing, example.com/tier different',
    );
  });

  it("names a missing taint and one that replaced the pool's under the same key and effect", () => {
    expect(poolDrift(pool, [node('mi-1', { taints: ['dedicated=kiosk:NoSchedule'] }), node('mi-2')])).toEqual(
      [
        {
          kind: 'taints',
          node: 'mi-1',
          missing: ['dedicated=pos:NoSchedule'],
          extra: ['dedicated=kiosk:NoSchedule'],
        },
      ],
    );
  });

  it('names a member host that is no longer a node, and a node claiming the pool without being in it', () => {
    const drift = poolDrift(pool, [node('mi-2'), node('mi-9')]);
    expect(drift).toEqual([
      { kind: 'host-not-a-node', host: 'h1' },
      { kind: 'stray-node', node: 'mi-9' },
    ]);
    expect(drift.map((d) => describePoolDrift('edge-a', d))).toEqual([
      'host h1 is in pool edge-a but no node runs on it',
      "node mi-9 carries pool edge-a's label but is not one of its hosts",
    ]);
  });

  it("rebuilds membership from the nodes' pool labels", () => {
    expect(
      membershipFromNodes([
        node('mi-2'),
        node('mi-1'),
        node('mi-3', { labels: { 'hybrid-bot.io/pool': 'edge-b' } }),
        node('x', { labels: {} }),
      ]),
    ).toEqual({ 'edge-a': ['mi-1', 'mi-2'], 'edge-b': ['mi-3'] });
  });
});
