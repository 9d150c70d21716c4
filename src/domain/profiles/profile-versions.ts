import semver from 'semver';
import { canonicalProfile } from './canonical-profile';
import type { ClusterProfile, ProfileProblem } from './profile';
import { profileToYaml, sortKeys } from './profile-yaml';

/** How much a profile changed, as SemVer sees it. */
export type ProfileBump = 'none' | 'patch' | 'minor';

/**
 * Whether two profiles say the same thing, whatever their versions: compared in the canonical form
 * (empty optional fields dropped, keys in one order), so neither how a profile was written nor a
 * record stored before that form existed makes a difference.
 */
export function isSameContent(a: ClusterProfile, b: ClusterProfile): boolean {
  return withoutVersion(a) === withoutVersion(b);
}

function withoutVersion(profile: ClusterProfile): string {
  return profileToYaml(canonicalProfile({ ...profile, metadata: { ...profile.metadata, version: '0.0.0' } }));
}

/**
 * minor: what is installed on a node changes (the Kubernetes minor, the OS layer, the containerd
 * source); patch: only settings (kubelet, containerd config, the description); none: nothing.
 */
export function classifyProfileChange(previous: ClusterProfile, edited: ClusterProfile): ProfileBump {
  if (isSameContent(previous, edited)) return 'none';
  const before = previous.spec;
  const after = edited.spec;
  const installChanged =
    before.kubernetes.version !== after.kubernetes.version ||
    before.kubernetes.containerdSource !== after.kubernetes.containerdSource ||
    JSON.stringify(sortKeys(before.os)) !== JSON.stringify(sortKeys(after.os));
  return installChanged ? 'minor' : 'patch';
}

/**
 * The version an edited profile should get, from the previous one: the next minor or patch, or
 * undefined when nothing changed (keep the previous version; there is nothing to publish).
 */
export function proposeNextVersion(previous: ClusterProfile, edited: ClusterProfile): string | undefined {
  const bump = classifyProfileChange(previous, edited);
  if (bump === 'none') return undefined;
  return semver.inc(previous.metadata.version, bump) ?? undefined;
}

/** The highest of a list of versions by SemVer precedence (1.10.0 above 1.9.0), ignoring non-SemVer ones. */
export function latestVersion(versions: readonly string[]): string | undefined {
  const valid = versions.filter((v) => semver.valid(v) !== null);
  return valid.length === 0 ? undefined : semver.rsort([...valid])[0];
}

/** Versions newest first, by SemVer precedence. */
export function sortVersionsNewestFirst(versions: readonly string[]): string[] {
  return semver.rsort(versions.filter((v) => semver.valid(v) !== null));
}

/**
 * Problems with publishing `edited` as the next version of `previous` (e.g. an import from Git):
 * a changed profile needs a higher version, and a version number is never reused for other content.
 */
export function nextVersionProblems(previous: ClusterProfile, edited: ClusterProfile): ProfileProblem[] {
  const from = previous.metadata.version;
  const to = edited.metadata.version;
  if (isSameContent(previous, edited)) return [];
  if (semver.gt(to, from)) return [];
  const proposed = proposeNextVersion(previous, edited);
  return [
    {
      path: 'metadata.version',
      message: `Profile ${edited.metadata.name} changed but its version ${to} is not above ${from}: set metadata.version to ${proposed}.`,
    },
  ];
}
