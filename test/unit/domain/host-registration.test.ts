import {
  type ClusterInfo,
  describeFieldErrors,
  missingFlagsMessage,
  validateHostRegistration,
} from '../../../src/domain/host-registration';

const demo: ClusterInfo = {
  name: 'demo',
  hybridEnabled: true,
  remoteNodeNetworks: ['10.80.0.0/16'],
  version: '1.31',
  supportedVersions: ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'],
};
const legacy: ClusterInfo = { ...demo, name: 'legacy', hybridEnabled: false, remoteNodeNetworks: [] };
const clusters = [demo, legacy];
const request = { name: 'store-12-pos-1', cluster: 'demo', site: 'store-12', ip: '10.80.12.10' };

describe('validateHostRegistration', () => {
  it('applies the defaults: SSM, amd64 and the cluster version', () => {
    expect(validateHostRegistration(request, clusters, [])).toEqual({
      ok: true,
      registration: { ...request, arch: 'amd64', auth: 'ssm', kubernetesVersion: '1.31' },
    });
  });

  it('keeps explicit choices and normalises the version to major.minor', () => {
    const result = validateHostRegistration(
      { ...request, auth: 'iam-ra', arch: 'arm64', kubernetesVersion: 'v1.29.4' },
      clusters,
      [],
    );
    expect(result).toEqual({
      ok: true,
      registration: { ...request, arch: 'arm64', auth: 'iam-ra', kubernetesVersion: '1.29' },
    });
  });

  it('reports every bad field at once, so the modal can mark each', () => {
    const result = validateHostRegistration(
      { name: 'Store_12', cluster: 'demo', site: '', ip: '10.80.12', arch: 'x86', auth: 'password' },
      clusters,
      [],
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['arch', 'auth', 'ip', 'name', 'site']);
  });

  it('refuses an IP outside the remote node networks and names them', () => {
    const result = validateHostRegistration({ ...request, ip: '192.168.1.10' }, clusters, []);
    expect(result).toEqual({
      ok: false,
      errors: {
        ip: '192.168.1.10 is outside the remote node networks of demo (10.80.0.0/16): use an address inside them.',
      },
    });
  });

  it('refuses an unknown cluster, listing the configured ones', () => {
    const result = validateHostRegistration({ ...request, cluster: 'prod' }, clusters, []);
    expect(result).toEqual({
      ok: false,
      errors: { cluster: 'No cluster named `prod` is configured: use `demo` or `legacy`.' },
    });
  });

  it('refuses a cluster not enabled for hybrid nodes and points at the doctor', () => {
    const result = validateHostRegistration({ ...request, cluster: 'legacy' }, clusters, []);
    expect(!result.ok && result.errors.cluster).toMatch(
      /not enabled for hybrid nodes: run \/hybrid doctor legacy/,
    );
  });

  it('refuses a name already registered', () => {
    const result = validateHostRegistration(request, clusters, ['store-12-pos-1']);
    expect(!result.ok && result.errors.name).toMatch(/already registered/);
  });

  it('limits IAM Roles Anywhere names to 64 characters (the node name)', () => {
    const name = `${'a'.repeat(40)}.${'b'.repeat(30)}`;
    expect(validateHostRegistration({ ...request, name }, clusters, []).ok).toBe(true);
    const result = validateHostRegistration({ ...request, name, auth: 'iam-ra' }, clusters, []);
    expect(!result.ok && result.errors.name).toMatch(/at most 64 characters/);
  });

  it.each([
    ['1.32', /newer than the control plane 1\.31/],
    ['1.27', /not supported for hybrid nodes/],
    ['soon', /not a Kubernetes version/],
  ])('refuses Kubernetes %s', (kubernetesVersion, message) => {
    const result = validateHostRegistration({ ...request, kubernetesVersion }, clusters, []);
    expect(!result.ok && result.errors.kubernetesVersion).toMatch(message);
  });

  it('refuses a supported version more than three minors behind the cluster', () => {
    const newer = { ...demo, version: '1.35' };
    const result = validateHostRegistration({ ...request, kubernetesVersion: '1.31' }, [newer], []);
    expect(!result.ok && result.errors.kubernetesVersion).toMatch(/4 minor versions behind/);
  });
});

describe('describeFieldErrors', () => {
  it('joins the problems in form order for the text command', () => {
    expect(describeFieldErrors({ ip: 'Bad IP.', name: 'Bad name.' })).toBe('Bad name. Bad IP.');
  });
});

describe('missingFlagsMessage', () => {
  it('names the missing flags once, with an example, instead of one error per empty field', () => {
    const message = missingFlagsMessage({ name: 'web-1', cluster: '', site: '', ip: '' }, ['demo', 'legacy']);
    expect(message).toBe(
      '`host register` is missing --cluster, --site and --ip: --cluster, --site and --ip are required. ' +
        'For example: `/hybrid host register web-1 --cluster demo --site store-12 --ip 10.80.1.11`. ' +
        'Or type `/hybrid host register` alone for a form.',
    );
    expect(message).not.toContain('Cluster ""');
  });

  it('keeps what was given in the example and is silent once all three are there', () => {
    expect(missingFlagsMessage({ ...request, ip: ' ' }, ['demo'])).toContain(
      'is missing --ip: --cluster, --site and --ip are required. For example: `/hybrid host register store-12-pos-1 --cluster demo --site store-12 --ip 10.80.1.11`',
    );
    expect(missingFlagsMessage(request, ['demo'])).toBeUndefined();
  });
});
