import { compareKubernetesMinors } from './kubernetes-minor';
import type { ClusterProfile, ProfileContext } from './profile';

/**
 * A profile to start from (a new profile's form, `profile new`): agent mode on the Ubuntu releases
 * nodeadm supports, containerd from the distribution, the newest Kubernetes version offered.
 */
export function starterProfile(name: string, ctx: ProfileContext): ClusterProfile {
  const newest = [...ctx.kubernetesVersions].sort(compareKubernetesMinors).at(-1) ?? '';
  return {
    apiVersion: 'hybrid-bot.io/v1',
    kind: 'ClusterProfile',
    metadata: { name, version: '1.0.0' },
    spec: {
      os: { mode: 'agent', supported: ['ubuntu-22.04', 'ubuntu-24.04'] },
      kubernetes: { version: newest, containerdSource: 'distro' },
    },
  };
}
