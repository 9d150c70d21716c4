import { checkKubeletSkew } from '../kubernetes-version';
import type { ClusterProfile, ProfileProblem } from './profile';

/**
 * Whether a profile's Kubernetes version may run in a cluster: nodeadm refuses a kubelet newer than
 * the control plane or more than three minors behind it (the version-skew policy).
 */
export function checkProfileForCluster(
  profile: ClusterProfile,
  controlPlaneVersion: string,
): ProfileProblem[] {
  const skew = checkKubeletSkew(profile.spec.kubernetes.version, controlPlaneVersion);
  if (skew.result === 'ok') return [];
  return [{ path: 'spec.kubernetes.version', message: `Profile ${profile.metadata.name}: ${skew.message}` }];
}
