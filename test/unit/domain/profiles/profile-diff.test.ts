import type { ClusterProfile } from '../../../../src/domain/profiles/profile';
import { diffProfiles } from '../../../../src/domain/profiles/profile-diff';
import { profileChangeImpact, profileDiffLines } from '../../../../src/domain/profiles/profile-diff-lines';
import { edgeStandard } from './profile-fixtures';

function edited(change: (p: ClusterProfile) => void): ClusterProfile {
  const p = edgeStandard();
  change(p);
  return p;
}

describe('diffProfiles', () => {
  it('groups changes by layer, kubelet settings key by key with old → new', () => {
    const next = edited((p) => {
      p.metadata.version = '1.3.0';
      p.spec.os.supported = ['ubuntu-22.04', 'ubuntu-24.04', 'ubuntu-20.04'];
      p.spec.kubernetes.version = '1.32';
      p.spec.kubernetes.kubelet = {
        config: { maxPods: 58, evictionHard: { 'memory.available': '200Mi' } },
        flags: ['--image-gc-high-threshold=80', '--v=2'],
      };
    });
    const diff = diffProfiles(edgeStandard(), next);
    expect(diff).toEqual({
      name: 'edge-standard',
      fromVersion: '1.2.0',
      toVersion: '1.3.0',
      os: { supported: { added: ['ubuntu-20.04'], removed: ['rhel-9'] } },
      kubernetesVersion: { from: '1.31', to: '1.32' },
      kubeletConfig: [
        { key: 'evictionHard.memory.available', kind: 'added', to: '200Mi' },
        { key: 'maxPods', kind: 'changed', from: 110, to: 58 },
        { key: 'shutdownGracePeriod', kind: 'removed', from: '30s' },
      ],
      kubeletFlags: [
        { op: 'same', text: '--image-gc-high-threshold=80' },
        { op: 'add', text: '--v=2' },
      ],
      containerdConfig: [],
    });
    expect(profileDiffLines(diff)).toEqual([
      { op: 'add', text: 'supported OS ubuntu-20.04' },
      { op: 'remove', text: 'supported OS rhel-9' },
      { op: 'change', text: 'Kubernetes: 1.31 → 1.32' },
      { op: 'add', text: 'kubelet evictionHard.memory.available: 200Mi' },
      { op: 'change', text: 'kubelet maxPods: 110 → 58' },
      { op: 'remove', text: 'kubelet shutdownGracePeriod (was 30s)' },
      { op: 'add', text: 'kubelet flag --v=2' },
    ]);
  });

  it('diffs the containerd TOML line by line', () => {
    const before = edited((p) => {
      p.spec.kubernetes.containerd = { config: 'version = 2\n[plugins.a]\nx = 1\n' };
    });
    const after = edited((p) => {
      p.spec.kubernetes.containerd = { config: 'version = 2\n[plugins.a]\nx = 2\n' };
    });
    const diff = diffProfiles(before, after);
    expect(diff.containerdConfig).toEqual([
      { op: 'same', text: 'version = 2' },
      { op: 'same', text: '[plugins.a]' },
      { op: 'remove', text: 'x = 1' },
      { op: 'add', text: 'x = 2' },
    ]);
    expect(profileDiffLines(diff)).toEqual([
      { op: 'remove', text: 'containerd config: x = 1' },
      { op: 'add', text: 'containerd config: x = 2' },
    ]);
    expect(profileChangeImpact(diff)).toEqual([
      'Settings change: on each node nodeadm rewrites the kubelet and containerd configuration and restarts both, one node at a time.',
    ]);
  });

  it('says a Kubernetes change means nodeadm upgrade per node, drained first, and carries the settings', () => {
    const diff = diffProfiles(
      edgeStandard(),
      edited((p) => {
        p.spec.kubernetes.version = '1.32';
        p.spec.kubernetes.kubelet = { flags: ['--v=2'] };
      }),
    );
    expect(profileChangeImpact(diff)).toEqual([
      'Kubernetes 1.31 → 1.32: each node is cordoned and drained, then upgraded in place with nodeadm upgrade 1.32, one node at a time; a node is out of service while it upgrades.',
      'The new kubelet and containerd settings are applied in the same pass.',
    ]);
  });

  it('says a downgrade cannot be done in place', () => {
    const diff = diffProfiles(
      edgeStandard(),
      edited((p) => {
        p.spec.kubernetes.version = '1.30';
      }),
    );
    expect(profileChangeImpact(diff)).toEqual([
      expect.stringMatching(
        /^Kubernetes 1.31 → 1.30 is a downgrade: nodeadm cannot downgrade a node in place/,
      ),
    ]);
  });

  it('says an OS image change means re-imaging every node', () => {
    const appliance = (image: string) =>
      edited((p) => {
        p.spec.os = { mode: 'appliance', image };
      });
    const diff = diffProfiles(
      appliance('registry.example.com/edge:1'),
      appliance('registry.example.com/edge:2'),
    );
    expect(profileDiffLines(diff)).toEqual([
      { op: 'change', text: 'OS image: registry.example.com/edge:1 → registry.example.com/edge:2' },
    ]);
    expect(profileChangeImpact(diff)).toEqual([
      'The OS layer changes: every node is re-imaged (repaved) from registry.example.com/edge:2, drained first, one node at a time.',
    ]);
  });

  it('says a containerd source change reaches only hosts that join or are reinstalled', () => {
    const diff = diffProfiles(
      edgeStandard(),
      edited((p) => {
        p.spec.kubernetes.containerdSource = 'none';
      }),
    );
    expect(profileDiffLines(diff)).toEqual([{ op: 'change', text: 'containerd source: docker → none' }]);
    expect(profileChangeImpact(diff)).toEqual([
      expect.stringMatching(/existing nodes change only when reinstalled\.$/),
    ]);
  });

  it('says when no node is touched', () => {
    const same = diffProfiles(
      edgeStandard(),
      edited((p) => Object.assign(p.metadata, { version: '1.2.1' })),
    );
    expect(profileDiffLines(same)).toEqual([]);
    expect(profileChangeImpact(same)).toEqual(['Nothing changes but the version: no node is touched.']);
    const described = diffProfiles(
      edgeStandard(),
      edited((p) => Object.assign(p.metadata, { description: 'shops' })),
    );
    expect(profileDiffLines(described)).toEqual([
      { op: 'change', text: 'description: "stores, Ubuntu 22.04" → "shops"' },
    ]);
    expect(profileChangeImpact(described)).toEqual(['Only the description changes: no node is touched.']);
  });
});
