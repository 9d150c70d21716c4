import type { HostOs } from '../profiles/profile';

/**
 * The host OS a profile speaks of, from SSM's PlatformName and PlatformVersion (e.g. "Ubuntu",
 * "22.04"; "Red Hat Enterprise Linux", "9.4"; "Amazon Linux", "2023"); undefined when it is none
 * nodeadm supports, so no OS rule is guessed.
 */
export function hostOsOf(
  platformName: string | undefined,
  platformVersion: string | undefined,
): HostOs | undefined {
  const name = (platformName ?? '').toLowerCase();
  const version = platformVersion ?? '';
  if (name.includes('ubuntu')) {
    const release = /^(20\.04|22\.04|24\.04)/.exec(version)?.[1];
    return release ? (`ubuntu-${release}` as HostOs) : undefined;
  }
  if (name.includes('red hat') || name.includes('rhel')) {
    const major = /^(8|9)(\.|$)/.exec(version)?.[1];
    return major ? (`rhel-${major}` as HostOs) : undefined;
  }
  if (name.includes('amazon linux') && version.startsWith('2023')) return 'al2023';
  return undefined;
}
