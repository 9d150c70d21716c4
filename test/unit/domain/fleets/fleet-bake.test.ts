import type { Alert } from '../../../../src/domain/alerts/alert';
import { alertsAbout } from '../../../../src/domain/fleets/fleet-bake';

const alert = (key: string, nodes: string[] = []): Alert => ({
  key,
  cluster: key.split('/')[0] ?? '',
  rule: key.split('/')[1] as Alert['rule'],
  severity: 'warning',
  summary: key,
  details: '',
  nodes: nodes.map((name) => ({ name, label: name })),
});

const scope = {
  pools: [{ cluster: 'east', pool: 'pos' }],
  nodes: [{ cluster: 'east', name: 'mi-1' }],
  sites: [{ cluster: 'east', site: 'store-12' }],
};

describe('the alerts a wave answers for', () => {
  it("takes an alert about the wave's nodes, pool, site or cluster", () => {
    const firing = [
      alert('east/node-not-ready/mi-1', ['mi-1']),
      alert('east/site-down/store-12'),
      alert('east/pool-drift/pos'),
      alert('east/cluster-unreachable'),
    ];
    expect(alertsAbout(scope, firing).map((a) => a.key)).toEqual(firing.map((a) => a.key));
  });

  it('leaves alerts about other nodes, sites, pools and clusters alone', () => {
    const firing = [
      alert('east/node-not-ready/mi-2', ['mi-2']),
      alert('east/site-down/store-14'),
      alert('east/pool-drift/kiosks'),
      alert('west/node-not-ready/mi-1', ['mi-1']),
      alert('west/cluster-unreachable'),
    ];
    expect(alertsAbout(scope, firing)).toEqual([]);
  });
});
