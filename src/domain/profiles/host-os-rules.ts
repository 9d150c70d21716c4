import type { ContainerdSource, HostOs } from './profile';

/** Why nodeadm refuses a containerd source on a host OS, if it does. */
export function containerdSourceProblem(source: ContainerdSource, os: HostOs): string | undefined {
  if (source === 'distro' && os.startsWith('rhel-')) {
    return `containerdSource distro is not available on RHEL (${os}): use docker or none.`;
  }
  if (source === 'docker' && os === 'al2023') {
    return 'containerdSource docker is not available on AL2023: use distro or none.';
  }
  return undefined;
}

/** OSes where AWS supports only SSM for hybrid nodes (no IAM Roles Anywhere). */
export const SSM_ONLY_OSES: readonly HostOs[] = ['ubuntu-20.04', 'rhel-8'];

/** Why a host on `os`, using `credential`, cannot join with this profile; empty when it can. */
export function hostOsProblems(
  profile: { spec: { os: { supported?: HostOs[] }; kubernetes: { containerdSource: ContainerdSource } } },
  os: HostOs,
  credential: 'ssm' | 'iam-ra',
): string[] {
  const problems: string[] = [];
  const supported = profile.spec.os.supported;
  if (supported && !supported.includes(os)) {
    problems.push(
      `The profile supports ${supported.join(', ')}, not ${os}: pick a profile for ${os} or add it to spec.os.supported.`,
    );
  }
  const source = containerdSourceProblem(profile.spec.kubernetes.containerdSource, os);
  if (source) problems.push(source);
  if (credential === 'iam-ra' && SSM_ONLY_OSES.includes(os)) {
    problems.push(`IAM Roles Anywhere is not supported on ${os}: register the host with SSM.`);
  }
  return problems;
}
