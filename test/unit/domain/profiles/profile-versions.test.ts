import type { ClusterProfile } from '../../../../src/domain/profiles/profile';
import {
  classifyProfileChange,
  isSameContent,
  latestVersion,
  nextVersionProblems,
  proposeNextVersion,
  sortVersionsNewestFirst,
} from '../../../../src/domain/profiles/profile-versions';
import { edgeStandard } from './profile-fixtures';

function edited(change: (p: ClusterProfile) => void): ClusterProfile {
  const p = edgeStandard();
  change(p);
  return p;
}

describe('profile versions', () => {
  it('proposes the next minor when the Kubernetes version changes', () => {
    const next = edited((p) => {
      p.spec.kubernetes.version = '1.32';
    });
    expect(classifyProfileChange(edgeStandard(), next)).toBe('minor');
    expect(proposeNextVersion(edgeStandard(), next)).toBe('1.3.0');
  });

  it.each<[string, (p: ClusterProfile) => void]>([
    [
      'the OS mode and image',
      (p) => Object.assign(p.spec.os, { mode: 'appliance', image: 'registry.example.com/edge:1' }),
    ],
    ['the supported OS list', (p) => p.spec.os.supported?.push('ubuntu-20.04')],
    ['the containerd source', (p) => Object.assign(p.spec.kubernetes, { containerdSource: 'none' })],
  ])('proposes the next minor when %s changes (what is installed changes)', (_what, change) => {
    expect(proposeNextVersion(edgeStandard(), edited(change))).toBe('1.3.0');
  });

  it.each<[string, (p: ClusterProfile) => void]>([
    ['a kubelet setting', (p) => Object.assign(p.spec.kubernetes.kubelet?.config ?? {}, { maxPods: 58 })],
    ['a kubelet flag', (p) => p.spec.kubernetes.kubelet?.flags?.push('--v=2')],
    [
      'the containerd config',
      (p) => Object.assign(p.spec.kubernetes, { containerd: { config: 'version = 2\n' } }),
    ],
    ['the description', (p) => Object.assign(p.metadata, { description: 'stores' })],
  ])('proposes the next patch when only %s changes', (_what, change) => {
    expect(proposeNextVersion(edgeStandard(), edited(change))).toBe('1.2.1');
  });

  it('proposes nothing when nothing but the version changed, and says the content is the same', () => {
    const renumbered = edited((p) => {
      p.metadata.version = '9.9.9';
    });
    expect(isSameContent(edgeStandard(), renumbered)).toBe(true);
    expect(classifyProfileChange(edgeStandard(), renumbered)).toBe('none');
    expect(proposeNextVersion(edgeStandard(), renumbered)).toBeUndefined();
  });

  it('compares content whatever the key order of the kubelet config', () => {
    const reordered = edited((p) => {
      p.spec.kubernetes.kubelet = {
        ...p.spec.kubernetes.kubelet,
        config: { shutdownGracePeriod: '30s', maxPods: 110 },
      };
    });
    expect(isSameContent(edgeStandard(), reordered)).toBe(true);
  });

  it('compares the canonical form: empty optional fields and the order keys were written in make no difference', () => {
    const written = JSON.parse(
      '{"spec":{"kubernetes":{"kubelet":{"flags":["--image-gc-high-threshold=80"],"config":{"shutdownGracePeriod":"30s","maxPods":110}},"containerd":{"config":""},"containerdSource":"docker","version":"1.31"},"os":{"supported":["ubuntu-22.04","ubuntu-24.04","rhel-9"],"image":"","mode":"agent"}},"metadata":{"description":"stores, Ubuntu 22.04","version":"1.3.0","name":"edge-standard"},"kind":"ClusterProfile","apiVersion":"hybrid-bot.io/v1"}',
    ) as ClusterProfile;
    expect(isSameContent(edgeStandard(), written)).toBe(true);
    expect(
      isSameContent(
        written,
        edited((p) => Object.assign(p.spec.os, { image: 'edge:1' })),
      ),
    ).toBe(false);
  });

  it('bumps from a pre-release the SemVer way', () => {
    const previous = edited((p) => {
      p.metadata.version = '2.0.0-rc.1';
    });
    const next = edited((p) => {
      p.spec.kubernetes.kubelet = { flags: ['--v=2'] };
    });
    expect(proposeNextVersion(previous, next)).toBe('2.0.0');
  });

  it('orders versions by SemVer precedence, not as text', () => {
    expect(latestVersion(['1.9.0', '1.10.0', '1.2.0', '1.10.0-rc.1', 'not-a-version'])).toBe('1.10.0');
    expect(latestVersion([])).toBeUndefined();
    expect(sortVersionsNewestFirst(['1.9.0', '1.10.0', '1.10.0-rc.1'])).toEqual([
      '1.10.0',
      '1.10.0-rc.1',
      '1.9.0',
    ]);
  });

  it('asks for a higher version when a changed profile keeps or lowers its version', () => {
    const next = edited((p) => {
      p.spec.kubernetes.version = '1.32';
    });
    expect(nextVersionProblems(edgeStandard(), next)).toEqual([
      {
        path: 'metadata.version',
        message:
          'Profile edge-standard changed but its version 1.2.0 is not above 1.2.0: set metadata.version to 1.3.0.',
      },
    ]);
    next.metadata.version = '1.3.0';
    expect(nextVersionProblems(edgeStandard(), next)).toEqual([]);
    expect(nextVersionProblems(edgeStandard(), edgeStandard())).toEqual([]);
  });
});
