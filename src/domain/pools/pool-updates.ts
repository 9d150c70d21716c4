import semver from 'semver';
import { controlPlaneSkew, MAX_KUBELET_SKEW } from '../rollouts/rollout-gates';

/** One stored version of a pool's profile, with the Kubernetes minor it installs. */
export interface ProfileVersionFacts {
  version: string;
  kubernetesVersion: string;
}

export interface PoolUpdates {
  /** The newest newer version a rollout would accept: "updates available". */
  available?: string;
  /** The newest newer version, when a rollout would refuse it, and why. */
  blocked?: { version: string; why: string };
}

/** Why a rollout would refuse a profile version on this control plane, or undefined when it would not. */
export function whyNotUsable(v: ProfileVersionFacts, controlPlaneVersion: string): string | undefined {
  const skew = controlPlaneSkew(v.kubernetesVersion, controlPlaneVersion);
  if (skew === 'too-new') {
    return `${v.version} needs Kubernetes ${v.kubernetesVersion}; the control plane is ${controlPlaneVersion}`;
  }
  if (skew === 'too-old') {
    return `${v.version} installs Kubernetes ${v.kubernetesVersion}, more than ${MAX_KUBELET_SKEW} minors behind the control plane (${controlPlaneVersion})`;
  }
  return undefined;
}

/**
 * The versions newer than the pool's that a rollout would accept, judged against the control plane
 * as the rollout's own gates judge it. Without the control plane's version (not read) the newest is
 * offered unchecked, as the rollout checks it again before anyone approves.
 */
export function poolUpdates(
  current: string,
  versions: readonly ProfileVersionFacts[],
  controlPlaneVersion: string | undefined,
): PoolUpdates {
  const newer = versions
    .filter((v) => semver.valid(v.version) && (!semver.valid(current) || semver.gt(v.version, current)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
  const newest = newer[0];
  if (!newest) return {};
  if (controlPlaneVersion === undefined) return { available: newest.version };
  const usable = newer.find((v) => whyNotUsable(v, controlPlaneVersion) === undefined);
  const why = whyNotUsable(newest, controlPlaneVersion);
  return {
    ...(usable ? { available: usable.version } : {}),
    ...(why ? { blocked: { version: newest.version, why } } : {}),
  };
}
