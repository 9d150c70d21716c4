import { hostOsProblems } from '../../../../src/domain/profiles/host-os-rules';
import { checkProfileForCluster } from '../../../../src/domain/profiles/profile-cluster-check';
import { edgeStandard } from './profile-fixtures';

describe('checkProfileForCluster (version skew with the control plane)', () => {
  it.each(['1.31', '1.32', '1.34', 'v1.34.2-eks-7f9249a'])(
    'accepts a 1.31 profile on a %s control plane',
    (cp) => {
      expect(checkProfileForCluster(edgeStandard(), cp)).toEqual([]);
    },
  );

  it('refuses a profile newer than the control plane', () => {
    expect(checkProfileForCluster(edgeStandard(), '1.30')).toEqual([
      {
        path: 'spec.kubernetes.version',
        message:
          'Profile edge-standard: Kubelet 1.31 is newer than the control plane 1.30: use 1.30 or older, or upgrade the cluster first.',
      },
    ]);
  });

  it('refuses a profile more than three minors older than the control plane', () => {
    expect(checkProfileForCluster(edgeStandard(), '1.35')).toEqual([
      {
        path: 'spec.kubernetes.version',
        message: expect.stringMatching(/Kubelet 1.31 is 4 minor versions behind the control plane 1.35/),
      },
    ]);
  });
});

describe('hostOsProblems (can a host join with this profile)', () => {
  it('accepts a host on a listed OS', () => {
    expect(hostOsProblems(edgeStandard(), 'ubuntu-22.04', 'ssm')).toEqual([]);
  });

  it('names an OS the profile does not list', () => {
    expect(hostOsProblems(edgeStandard(), 'al2023', 'ssm')).toEqual([
      'The profile supports ubuntu-22.04, ubuntu-24.04, rhel-9, not al2023: pick a profile for al2023 or add it to spec.os.supported.',
      'containerdSource docker is not available on AL2023: use distro or none.',
    ]);
  });

  it('refuses IAM Roles Anywhere on Ubuntu 20.04 and RHEL 8', () => {
    const profile = edgeStandard();
    delete profile.spec.os.supported;
    expect(hostOsProblems(profile, 'rhel-8', 'iam-ra')).toEqual([
      'IAM Roles Anywhere is not supported on rhel-8: register the host with SSM.',
    ]);
  });
});
