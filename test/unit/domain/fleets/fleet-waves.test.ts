import { assignWaves, waveMs } from '../../../../src/domain/fleets/fleet-waves';

const pool = (cluster: string, name: string, ...sites: string[]) => ({ cluster, pool: name, sites });
const names = (waves: ReturnType<typeof assignWaves>) =>
  waves.map((w) => `${w.name}: ${w.pools.map((p) => `${p.cluster}/${p.pool}`).join(' ')}`);

const fleet = [
  pool('west', 'pos', 'store-14'),
  pool('east', 'pos', 'store-12'),
  pool('east', 'kiosk', 'store-12'),
  pool('west', 'cams', 'store-15'),
];

describe('fleet waves', () => {
  it('puts the canary site first and alone, then one site a wave in name order', () => {
    expect(names(assignWaves(fleet, { by: 'by-site', size: 1, canary: 'store-14' }))).toEqual([
      'canary: store-14: west/pos',
      'site store-12: east/pos east/kiosk',
      'site store-15: west/cams',
    ]);
  });

  it('takes a pool, cluster/pool or cluster as the canary', () => {
    expect(names(assignWaves(fleet, { by: 'by-cluster', size: 1, canary: 'east/kiosk' }))[0]).toBe(
      'canary: east/kiosk: east/kiosk',
    );
    expect(names(assignWaves(fleet, { by: 'by-cluster', size: 1, canary: 'west' }))).toEqual([
      'canary: west: west/pos west/cams',
      'cluster east: east/pos east/kiosk',
    ]);
  });

  it('groups several sites, clusters or pools a wave with a wave size', () => {
    expect(names(assignWaves(fleet, { by: 'by-pool', size: 3 }))).toEqual([
      'pools east/kiosk, east/pos, west/cams: east/kiosk east/pos west/cams',
      'pool west/pos: west/pos',
    ]);
  });

  it('moves a pool that spans two sites with neither alone', () => {
    const waves = assignWaves([pool('east', 'a', 'store-1', 'store-2'), pool('east', 'b', 'store-1')], {
      by: 'by-site',
      size: 1,
    });
    expect(names(waves)).toEqual(['site store-1: east/b', 'site store-1+store-2: east/a']);
  });

  it('schedules a wave on its parallel slots: pools start as slots free up', () => {
    expect(waveMs([10, 10, 10, 10, 10], 4)).toBe(20);
    expect(waveMs([30, 10, 10, 10], 2)).toBe(30);
    expect(waveMs([], 2)).toBe(0);
  });
});
