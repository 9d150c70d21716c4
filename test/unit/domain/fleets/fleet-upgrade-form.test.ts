import { fleetUpgradeModal } from '../../../../src/blocks/fleets/fleet-upgrade-modal';
import { readFleetUpgradeForm } from '../../../../src/domain/fleets/fleet-upgrade-form';

const filled = {
  target: 'edge@1.1.0',
  clusters: [],
  canary: '',
  waves: 'by-site',
  waveSize: '1',
  parallelPools: '2',
  maxUnavailable: '1',
  bake: '30m',
  window: '',
  offline: 'skip',
  strategy: 'in-place',
};

describe('the fleet upgrade form', () => {
  it("becomes the typed command's request, empty fields left out", () => {
    const r = readFleetUpgradeForm({ ...filled, clusters: ['demo'], canary: ' store-12 ' });
    expect(r).toEqual({
      ok: true,
      positionals: {},
      options: {
        profile: 'edge@1.1.0',
        clusters: ['demo'],
        canary: 'store-12',
        waves: 'by-site',
        'wave-size': '1',
        'parallel-pools': '2',
        bake: '30m',
        offline: 'skip',
        'max-unavailable': '1',
        strategy: 'in-place',
      },
    });
  });

  it('names each wrong field under itself, saying what it takes', () => {
    const r = readFleetUpgradeForm({
      ...filled,
      target: '',
      bake: 'soon',
      parallelPools: '0',
      window: '9-5',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.target).toBe('Pick the profile version to roll out.');
    expect(r.errors.bake).toBe('soon is not a duration: say 30m, 2h, 90s or 0.');
    expect(r.errors.parallelPools).toBe('0 is not a whole number from 1 to 50.');
    expect(r.errors.window).toContain('is not HH:MM-HH:MM');
  });

  it('offers the profile versions and clusters, and says what to do when there is no profile', () => {
    const modal = fleetUpgradeModal({
      versions: [{ ref: 'edge@1.1.0', kubernetesVersion: '1.31' }],
      clusters: ['demo', 'legacy'],
    });
    expect(JSON.stringify(modal)).toContain('edge@1.1.0 · Kubernetes 1.31');
    expect(JSON.stringify(modal)).toContain('"legacy"');
    const empty = fleetUpgradeModal({ versions: [], clusters: ['demo'] });
    expect(JSON.stringify(empty)).toContain('There is no profile to roll out yet');
    expect(empty).not.toHaveProperty('submit');
  });
});
