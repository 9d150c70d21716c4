import type { ClusterProfile, ProfileContext } from '../../../../src/domain/profiles/profile';

export const ctx: ProfileContext = {
  kubernetesVersions: ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'],
};

/** The profile a platform team would keep in Git, as the README shows it. */
export const EDGE_STANDARD_YAML = `apiVersion: hybrid-bot.io/v1
kind: ClusterProfile
metadata: { name: edge-standard, version: 1.2.0, description: "stores, Ubuntu 22.04" }
spec:
  os:
    mode: agent            # or appliance
    image: ""
    supported: [ubuntu-22.04, ubuntu-24.04, rhel-9]
  kubernetes:
    version: "1.31"
    containerdSource: docker
    kubelet:
      config: { maxPods: 110, shutdownGracePeriod: 30s }
      flags: ["--image-gc-high-threshold=80"]
    containerd: { config: "" }
`;

export function edgeStandard(): ClusterProfile {
  return {
    apiVersion: 'hybrid-bot.io/v1',
    kind: 'ClusterProfile',
    metadata: { name: 'edge-standard', version: '1.2.0', description: 'stores, Ubuntu 22.04' },
    spec: {
      os: { mode: 'agent', supported: ['ubuntu-22.04', 'ubuntu-24.04', 'rhel-9'] },
      kubernetes: {
        version: '1.31',
        containerdSource: 'docker',
        kubelet: {
          config: { maxPods: 110, shutdownGracePeriod: '30s' },
          flags: ['--image-gc-high-threshold=80'],
        },
      },
    },
  };
}

/** A deep, untyped copy (JSON.parse gives any) that a test can break on purpose. */
export function editable(profile: ClusterProfile = edgeStandard()) {
  return JSON.parse(JSON.stringify(profile));
}
