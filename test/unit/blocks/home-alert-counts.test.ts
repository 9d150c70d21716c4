import { homeView } from '../../../src/blocks/home-view';

const clusters = [
  { name: 'demo', region: 'us-west-2', channel: 'C0OPS' },
  { name: 'legacy', region: 'eu-west-1', channel: 'C0OPS' },
];

describe('Home: alert counts', () => {
  it('counts snoozed alerts among those firing and says how many are snoozed', () => {
    const view = JSON.stringify(
      homeView(clusters, [], 0, { demo: { firing: 3, snoozed: 1 }, legacy: { firing: 1, snoozed: 1 } }),
    );
    expect(view).toContain('2 clusters · :rotating_light: 4 alerts firing · 2 snoozed');
    expect(view).toContain(':rotating_light: 3 firing · 1 snoozed');
    expect(view).toContain(':zzz: 1 firing · 1 snoozed');
  });
});
