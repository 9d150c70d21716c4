import { type NodeConfig, type NodeCredential, renderNodeConfig } from '../node-config';
import type { ClusterProfile } from './profile';

export interface ProfileNodeConfigInput {
  cluster: { name: string; region: string };
  profile: ClusterProfile;
  /** The pool's node labels and taints (`key=value:Effect`): pools own them, profiles never do. */
  labels?: Record<string, string>;
  taints?: string[];
  credential: NodeCredential;
}

/** The NodeConfig a host of a pool joins with: the cluster, its credential, the pool's labels and taints, the profile's settings. */
export function renderProfileNodeConfig(input: ProfileNodeConfigInput): NodeConfig {
  const { kubelet, containerd } = input.profile.spec.kubernetes;
  return renderNodeConfig({
    clusterName: input.cluster.name,
    region: input.cluster.region,
    credential: input.credential,
    ...(input.labels ? { nodeLabels: input.labels } : {}),
    ...(input.taints ? { taints: input.taints } : {}),
    ...(kubelet?.config ? { kubeletConfig: kubelet.config } : {}),
    ...(kubelet?.flags ? { kubeletFlags: kubelet.flags } : {}),
    ...(containerd?.config ? { containerdConfig: containerd.config } : {}),
  });
}

/** `nodeadm install` for a host of the profile: its Kubernetes version and containerd source. */
export function profileInstallCommand(profile: ClusterProfile, credentialProvider: 'ssm' | 'iam-ra'): string {
  const { version, containerdSource } = profile.spec.kubernetes;
  return `nodeadm install ${version} --credential-provider ${credentialProvider} --containerd-source ${containerdSource}`;
}
