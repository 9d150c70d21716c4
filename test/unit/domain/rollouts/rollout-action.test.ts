import type { ClusterProfile } from '../../../../src/domain/profiles/profile';
import { diffProfiles } from '../../../../src/domain/profiles/profile-diff';
import { rolloutAction } from '../../../../src/domain/rollouts/rollout-action';

const profile = (
  over: Partial<ClusterProfile['spec']['kubernetes']> = {},
  os: ClusterProfile['spec']['os'] = { mode: 'agent' },
): ClusterProfile => ({
  apiVersion: 'hybrid-bot.io/v1',
  kind: 'ClusterProfile',
  metadata: { name: 'edge', version: '1.0.0' },
  spec: { os, kubernetes: { version: '1.30', containerdSource: 'distro', ...over } },
});
const action = (a: ClusterProfile, b: ClusterProfile) =>
  rolloutAction(diffProfiles(a, { ...b, metadata: { ...b.metadata, version: '1.1.0' } }));

describe('what a rollout does to each node', () => {
  it('upgrades in place for a Kubernetes change, settings riding along', () => {
    const r = action(profile(), profile({ version: '1.31', kubelet: { config: { maxPods: 80 } } }));
    expect(r.action).toBe('upgrade');
    expect(r.kubernetes).toEqual({ from: '1.30', to: '1.31' });
  });

  it('rewrites and restarts for settings alone', () => {
    expect(action(profile(), profile({ kubelet: { config: { maxPods: 80 } } })).action).toBe('reconfigure');
    expect(action(profile(), profile({ containerd: { config: '[plugins]\n' } })).action).toBe('reconfigure');
  });

  it('re-images when the OS layer changes, whatever else changes', () => {
    const r = action(profile(), profile({ version: '1.31' }, { mode: 'appliance', image: 'edge-os:2.0' }));
    expect(r.action).toBe('reimage');
    expect(r.why).toContain('edge-os:2.0');
  });

  it('touches no node when nothing a node runs changes', () => {
    expect(action(profile(), profile({ containerdSource: 'docker' })).action).toBe('none');
  });
});
