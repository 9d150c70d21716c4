import { homeView } from '../../../src/blocks/home-view';
import { clusterStatusMessage, fleetStatusMessage } from '../../../src/blocks/monitoring/status-message';
import { poolShowMessage } from '../../../src/blocks/pools/pool-show-message';
import { poolsListMessage } from '../../../src/blocks/pools/pools-list-message';
import type { Availability } from '../../../src/domain/availability';
import { COMMANDS } from '../../../src/domain/commands';
import type { PoolDriftSummary, PoolView } from '../../../src/domain/pools/pool-view';

const tills: PoolView = {
  cluster: 'demo',
  name: 'tills',
  profile: { name: 'edge-standard', version: '1.2.0' },
  kubernetesVersion: '1.31',
  members: [
    {
      host: 'store12-edge-01',
      node: { name: 'mi-1', ready: true, kubeletVersion: 'v1.31.4', labelsMatch: true, taintsMatch: true },
      lastChange: { at: 1_796_000_000_000, what: 'joined by change c-12' },
    },
    {
      host: 'store12-edge-02',
      node: { name: 'mi-2', ready: false, kubeletVersion: 'v1.30.9', labelsMatch: false, taintsMatch: true },
    },
    { host: 'store12-edge-03' },
  ],
  nodesReady: 1,
  nodesTotal: 2,
  drift: [
    { kind: 'version', node: 'mi-2', running: '1.30', wanted: '1.31' },
    { kind: 'labels', node: 'mi-2', missing: [], wrong: ['example.com/tier'] },
    { kind: 'host-not-a-node', host: 'store12-edge-03' },
  ],
};

const text = (m: unknown) => JSON.stringify(m);

describe('the pools list', () => {
  it('gives each pool its cluster, profile@version, hosts, nodes Ready/total, drift and updates', () => {
    const quiet: PoolView = { ...tills, name: 'kiosks', drift: [], nodesReady: 2, nodesTotal: 2 };
    const m = poolsListMessage(
      [{ cluster: 'demo', pools: [{ ...tills, updateAvailable: '1.3.0' }, quiet] }],
      undefined,
    );
    const lines = text(m.blocks);
    expect(lines).toContain(
      '*tills* · demo · edge-standard@1.2.0 · 3 hosts · nodes 1/2 Ready · :warning: *3 drifts* · :arrow_up: updates available (1.3.0)',
    );
    expect(lines).toContain('*kiosks* · demo · edge-standard@1.2.0 · 3 hosts · nodes 2/2 Ready · no drift');
    expect(lines).not.toContain(
      'kiosks* · demo · edge-standard@1.2.0 · 3 hosts · nodes 2/2 Ready · no drift · :arrow_up:',
    );
    expect(m.text).toContain('2 pools');
  });

  it('says why a newer profile version cannot be used, beside the one that can or alone', () => {
    const blocked = { version: '2.0.0', why: '2.0.0 needs Kubernetes 1.32; the control plane is 1.31' };
    const line = (p: Partial<PoolView>) =>
      text(poolsListMessage([{ cluster: 'demo', pools: [{ ...tills, ...p }] }], undefined).blocks);
    expect(line({ updateAvailable: '1.3.0', updateBlocked: blocked })).toContain(
      ':arrow_up: updates available (1.3.0; 2.0.0 needs Kubernetes 1.32; the control plane is 1.31)',
    );
    const alone = line({ updateBlocked: blocked });
    expect(alone).toContain('no usable update: 2.0.0 needs Kubernetes 1.32; the control plane is 1.31');
    expect(alone).not.toContain('updates available');
    const shown = text(
      poolShowMessage({ ...tills, updateBlocked: blocked }, { labels: {}, taints: [] }).blocks,
    );
    expect(shown).toContain('no usable update: 2.0.0 needs Kubernetes 1.32; the control plane is 1.31');
    expect(shown).not.toContain('updates available');
  });

  it('says how to make one when there are none, and what is unknown when nodes cannot be read', () => {
    expect(poolsListMessage([{ cluster: 'demo', pools: [] }], 'demo').text).toContain(
      'No pools on demo yet. `/hybrid pool create`',
    );
    const m = poolsListMessage([{ cluster: 'demo', pools: [tills], unreachable: 'timed out' }], undefined);
    expect(text(m.blocks)).toContain('nodes not read (timed out)');
    expect(text(m.blocks)).toContain('nodes unknown · drift unknown');
  });
});

describe('pool show', () => {
  const m = poolShowMessage(tills, {
    labels: { 'example.com/tier': 'pos' },
    taints: ['dedicated=pos:NoSchedule'],
  });

  it('gives each host its node, Ready, kubelet version, labels and taints, and last change', () => {
    const all = text(m.blocks);
    expect(all).toContain(
      '*store12-edge-01* · node mi-1 · Ready · kubelet v1.31.4 · labels match · taints match · last change',
    );
    expect(all).toContain('joined by change c-12');
    expect(all).toContain(
      '*store12-edge-02* · node mi-2 · *NotReady* · kubelet v1.30.9 · *labels differ* · taints match · no change recorded',
    );
    expect(all).toContain(':x: *store12-edge-03* · no node');
    expect(all).toContain('labels: example.com/tier=pos · taints: dedicated=pos:NoSchedule');
  });

  it('tells the drift in plain words', () => {
    const all = text(m.blocks);
    expect(all).toContain('*Drift (3)*');
    expect(all).toContain('node mi-2 runs Kubernetes 1.30; pool tills wants 1.31');
    expect(all).toContain('host store12-edge-03 is in pool tills but no node runs on it');
  });

  it('offers one button, Upgrade, for this pool', () => {
    const buttons = m.blocks.flatMap((b) =>
      b.type === 'actions' ? (b.elements as { value: string }[]) : [],
    );
    expect(buttons.map((b) => JSON.parse(b.value))).toEqual([{ cluster: 'demo', pool: 'tills' }]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('pool drift in status and on the Home tab', () => {
  const availability: Availability = {
    agentNodes: { qualifyingReady: 1, qualifyingTotal: 1 },
    agentPod: { node: 'ip-10-0-1-5', running: true },
    hybrid: { ready: 3, notReady: 0, byPool: { tills: { ready: 3, total: 3 } }, bySite: {} },
    clusterStatus: 'ACTIVE',
  };
  const poolDrift: PoolDriftSummary[] = [
    { pool: 'tills', count: 2, lines: ['node mi-2 runs Kubernetes 1.30; pool tills wants 1.31', 'x'] },
    { pool: 'kiosks', count: 1, lines: ['host k1 is in pool kiosks but no node runs on it'] },
  ];
  const line =
    ':warning: pool *tills* on demo: 2 drifts (node mi-2 runs Kubernetes 1.30; pool tills wants 1.31, …) · `/hybrid pool show tills --cluster demo`';

  it('shows one line per pool with drift, in the cluster status and the fleet status', () => {
    const one = text(clusterStatusMessage({ cluster: 'demo', availability, poolDrift }, false, 0).blocks);
    expect(one).toContain(line);
    expect(one).toContain(
      ':warning: pool *kiosks* on demo: 1 drift (host k1 is in pool kiosks but no node runs on it)',
    );
    const fleet = fleetStatusMessage(
      [
        { cluster: 'demo', availability, poolDrift },
        { cluster: 'legacy', availability },
      ],
      0,
    );
    expect(fleet.text).toContain(line);
    expect(fleet.text.match(/:warning: pool/g)).toHaveLength(2);
  });

  it('shows the same lines under the cluster on the Home tab, and none without drift', () => {
    const view = (drift?: PoolDriftSummary[]) =>
      text(
        homeView([{ name: 'demo', region: 'us-west-2', channel: 'C0OPS' }], COMMANDS, 0, {
          demo: {
            firing: 0,
            status: { cluster: 'demo', availability, ...(drift ? { poolDrift: drift } : {}) },
          },
        }),
      );
    expect(view(poolDrift)).toContain(line);
    expect(view()).not.toContain(':warning: pool');
  });
});
