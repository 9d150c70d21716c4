import { AWS_SUPPORTED_OSES, awsSupportsOs, platformText } from '../host-facts/supported-os';
import { hostOsProblems } from '../profiles/host-os-rules';
import type { ClusterProfile } from '../profiles/profile';
import { hostOsOf } from './host-platform';

/** A host's OS as SSM reports it (PlatformName, PlatformVersion). */
export interface HostPlatform {
  name: string;
  version: string;
}

/** Why a host's OS keeps it out of a pool on this profile (AWS's list, then the profile's); empty when none, or unknown. */
export function hostOsGate(
  h: { name: string; managedInstanceId?: string; auth: 'ssm' | 'iam-ra'; platform?: HostPlatform },
  profile: ClusterProfile,
): string[] {
  if (!h.platform) return [];
  const label = h.managedInstanceId ? `${h.name} (${h.managedInstanceId})` : h.name;
  if (awsSupportsOs(h.platform) === false) {
    return [
      `Host ${label} runs ${platformText(h.platform)}, which AWS does not support for hybrid nodes: re-image it with one AWS supports (${AWS_SUPPORTED_OSES}), or leave it out.`,
    ];
  }
  const os = hostOsOf(h.platform.name, h.platform.version);
  return os ? hostOsProblems(profile, os, h.auth).map((p) => `Host ${label}: ${p}`) : [];
}
