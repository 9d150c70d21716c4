import { POOL_LABEL } from '../../../../src/domain/bot-labels';
import {
  type PoolViewInput,
  type PoolViewNode,
  poolDriftSummaries,
  poolView,
  taintText,
} from '../../../../src/domain/pools/pool-view';

const node = (name: string, extra: Partial<PoolViewNode> = {}): PoolViewNode => ({
  name,
  labels: { [POOL_LABEL]: 'tills', 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  kubeletVersion: 'v1.31.4-eks-a1b2c3',
  ready: true,
  ...extra,
});

const versions = (...v: [string, string][]) =>
  v.map(([version, kubernetesVersion]) => ({ version, kubernetesVersion }));

const input = (extra: Partial<PoolViewInput> = {}): PoolViewInput => ({
  pool: {
    cluster: 'demo',
    name: 'tills',
    profile: { name: 'edge-standard', version: '1.2.0' },
    labels: { 'example.com/tier': 'pos' },
    taints: ['dedicated=pos:NoSchedule'],
    hosts: ['h2', 'h1', 'h3'],
  },
  kubernetesVersion: '1.31',
  profileVersions: versions(['1.0.0', '1.31'], ['1.2.0', '1.31']),
  hostNodes: { h1: 'mi-1', h2: 'mi-2', h3: 'mi-3' },
  nodes: [node('mi-1'), node('mi-2'), node('mi-3')],
  lastChanges: { h1: { at: 1_796_000_000_000, what: 'joined' } },
  ...extra,
});

describe("a pool's reading", () => {
  it('counts hosts and Ready nodes, and finds no drift when every node runs as the pool wants', () => {
    const view = poolView(input({ nodes: [node('mi-1'), node('mi-2', { ready: false }), node('mi-3')] }));
    expect(view.members.map((m) => m.host)).toEqual(['h1', 'h2', 'h3']);
    expect([view.nodesReady, view.nodesTotal]).toEqual([2, 3]);
    expect(view.drift).toEqual([]);
    expect(view.updateAvailable).toBeUndefined();
    expect(view.members[0]).toEqual({
      host: 'h1',
      node: {
        name: 'mi-1',
        ready: true,
        kubeletVersion: 'v1.31.4-eks-a1b2c3',
        labelsMatch: true,
        taintsMatch: true,
      },
      lastChange: { at: 1_796_000_000_000, what: 'joined' },
    });
  });

  it('marks the nodes whose labels or taints differ and a host that runs no node', () => {
    const view = poolView(
      input({
        nodes: [node('mi-1', { labels: { [POOL_LABEL]: 'tills' } }), node('mi-2', { taints: [] })],
      }),
    );
    expect(view.members.map((m) => [m.host, m.node?.labelsMatch, m.node?.taintsMatch])).toEqual([
      ['h1', false, true],
      ['h2', true, false],
      ['h3', undefined, undefined],
    ]);
    expect(view.drift.map((d) => d.kind)).toEqual(['labels', 'taints', 'host-not-a-node']);
    expect(poolDriftSummaries([view])).toEqual([
      {
        pool: 'tills',
        count: 3,
        lines: [
          'node mi-1: labels example.com/tier missing',
          'node mi-2: taints dedicated=pos:NoSchedule missing',
          'host h3 is in pool tills but no node runs on it',
        ],
      },
    ]);
  });

  it('says updates are available when the profile has a newer version than the pool runs', () => {
    const profileVersions = versions(['1.0.0', '1.31'], ['1.2.0', '1.31'], ['1.10.0', '1.31']);
    expect(poolView(input({ profileVersions })).updateAvailable).toBe('1.10.0');
    expect(poolView(input({ profileVersions, controlPlaneVersion: '1.31' })).updateAvailable).toBe('1.10.0');
  });

  it('offers only a version a rollout would accept on the control plane, and says why a newer one cannot be used', () => {
    const profileVersions = versions(['1.2.0', '1.31'], ['1.3.0', '1.31'], ['2.0.0', '1.32']);
    const view = poolView(input({ profileVersions, controlPlaneVersion: '1.31' }));
    expect(view.updateAvailable).toBe('1.3.0');
    expect(view.updateBlocked).toEqual({
      version: '2.0.0',
      why: '2.0.0 needs Kubernetes 1.32; the control plane is 1.31',
    });
    const none = poolView(
      input({ profileVersions: versions(['1.2.0', '1.31'], ['2.0.0', '1.32']), controlPlaneVersion: '1.31' }),
    );
    expect(none.updateAvailable).toBeUndefined();
    expect(none.updateBlocked?.why).toBe('2.0.0 needs Kubernetes 1.32; the control plane is 1.31');
    const behind = poolView(
      input({ profileVersions: versions(['1.2.0', '1.31'], ['1.4.0', '1.28']), controlPlaneVersion: '1.32' }),
    );
    expect(behind.updateBlocked?.why).toBe(
      '1.4.0 installs Kubernetes 1.28, more than 3 minors behind the control plane (1.32)',
    );
    expect(behind.updateAvailable).toBeUndefined();
  });

  it('leaves the Kubernetes version out of the drift when the profile version is not stored', () => {
    const nodes = [node('mi-1', { kubeletVersion: 'v1.30.2' }), node('mi-2'), node('mi-3')];
    expect(poolView(input({ nodes })).drift.map((d) => d.kind)).toEqual(['version']);
    const unknown = poolView(input({ nodes, kubernetesVersion: undefined, profileVersions: [] }));
    expect(unknown.drift).toEqual([]);
    expect(unknown.kubernetesVersion).toBeUndefined();
  });

  it('writes taints as kubelet takes them', () => {
    expect(taintText({ key: 'dedicated', value: 'pos', effect: 'NoSchedule' })).toBe(
      'dedicated=pos:NoSchedule',
    );
    expect(taintText({ key: 'gpu', effect: 'NoExecute' })).toBe('gpu:NoExecute');
  });
});
