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

/** The versions newer than the pool's, newest first by SemVer (all of them when the pool's own is not SemVer). */
function newerVersions(current: string, versions: readonly ProfileVersionFacts[]): ProfileVersionFacts[] {
  return versions
    .filter((v) => semver.valid(v.version) && (!semver.valid(current) || semver.gt(v.version, current)))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

export interface UsableVersions {
  /** Newer versions a rollout would accept, newest first. */
  usable: ProfileVersionFacts[];
  /** Newer versions a rollout would refuse, newest first, each with why. */
  refused: { version: string; why: string }[];
}

/**
 * The versions newer than the pool's, split by whether a rollout would accept them on the control
 * plane, as the rollout's own gates judge it. Without the control plane's version (not read) every
 * newer one counts as usable, as the rollout checks it again before anyone approves.
 */
export function usableVersions(
  current: string,
  versions: readonly ProfileVersionFacts[],
  controlPlaneVersion: string | undefined,
): UsableVersions {
  const usable: ProfileVersionFacts[] = [];
  const refused: UsableVersions['refused'] = [];
  for (const v of newerVersions(current, versions)) {
    const why = controlPlaneVersion === undefined ? undefined : whyNotUsable(v, controlPlaneVersion);
    if (why) refused.push({ version: v.version, why });
    else usable.push(v);
  }
  return { usable, refused };
}

/** "updates available": the newest usable newer version, and why the newest of all cannot be used when it cannot. */
export function poolUpdates(
  current: string,
  versions: readonly ProfileVersionFacts[],
  controlPlaneVersion: string | undefined,
): PoolUpdates {
  const { usable, refused } = usableVersions(current, versions, controlPlaneVersion);
  const newest = newerVersions(current, versions)[0];
  const blocked = refused[0]?.version === newest?.version ? refused[0] : undefined;
  return {
    ...(usable[0] ? { available: usable[0].version } : {}),
    ...(blocked ? { blocked } : {}),
  };
}
