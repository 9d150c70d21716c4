import semver from 'semver';
import { hostOsOf } from '../pools/host-platform';

/** AWS's list, as the refusals print it. */
export const AWS_SUPPORTED_OSES =
  'Ubuntu 20.04, 22.04, 24.04; RHEL 8, 9; Amazon Linux 2023; Bottlerocket (VMware) 1.37 or later';

/** The first Bottlerocket release AWS supports for hybrid nodes. */
const MIN_BOTTLEROCKET = '1.37.0';

/**
 * Whether AWS supports the OS SSM reports (PlatformName, PlatformVersion) for hybrid nodes;
 * undefined when SSM reported none (an IAM Roles Anywhere host, or an agent that has not said).
 */
export function awsSupportsOs(platform: { name: string; version: string } | undefined): boolean | undefined {
  if (!platform?.name) return undefined;
  if (hostOsOf(platform.name, platform.version)) return true;
  if (platform.name.toLowerCase().includes('bottlerocket')) {
    const v = semver.coerce(platform.version);
    return v ? semver.gte(v, MIN_BOTTLEROCKET) : false;
  }
  return false;
}

/** "Ubuntu 18.04" from SSM's platform. */
export function platformText(platform: { name: string; version: string }): string {
  return `${platform.name} ${platform.version}`.trim();
}
