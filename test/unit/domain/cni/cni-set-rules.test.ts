import { type CniObjects, readRunningCni } from '../../../../src/domain/cni/cni-running';
import { type CniSetRequest, decideCniSet } from '../../../../src/domain/cni/cni-set-rules';
import { ciliumObjects } from './cni-objects.fixture';

const K8S = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];

function request(over: Partial<CniSetRequest> = {}, objects: CniObjects = ciliumObjects()): CniSetRequest {
  return {
    cluster: 'demo',
    toVersion: '1.18.3-0',
    overrides: {},
    supportedVersions: ['1.17.6-0', '1.18.3-0'],
    kubernetesSupport: { '1.17': K8S, '1.18': K8S },
    kubernetesInUse: ['1.31'],
    remotePodNetworks: ['10.85.0.0/16'],
    running: readRunningCni(objects),
    ...over,
  };
}

const reasons = (r: CniSetRequest) => {
  const d = decideCniSet(r);
  return d.ok ? [] : d.refusals.map((x) => `${x.reason} | ${x.fix}`);
};

describe('refusals of a CNI change', () => {
  it('accepts a one-minor upgrade of a hybrid-only Cilium and marks it a minor upgrade', () => {
    const d = decideCniSet(request());
    expect(d).toMatchObject({ ok: true, fromVersion: '1.17.6-0', minorUpgrade: true });
  });

  it('refuses a version outside the configured list, naming the list and the config field', () => {
    const [r] = reasons(request({ toVersion: '1.19.0-0' }));
    expect(r).toMatch(/`1.19.0-0` is not a supported version/);
    expect(r).toMatch(/`1.17.6-0`, `1.18.3-0`.*cilium.versions/);
  });

  it('refuses a jump of two minors, saying which minor to go through', () => {
    const objects = ciliumObjects({ version: '1.16.9-0' });
    const [r] = reasons(request({}, objects));
    expect(r).toMatch(/one minor version at a time: 1.16 → 1.18 skips 1 minor/);
    expect(r).toMatch(/latest 1.17.x first/);
  });

  it('refuses a change of the pod CIDR list or of the mask size after install', () => {
    expect(reasons(request({ remotePodNetworks: ['10.99.0.0/16'] })).join('\n')).toMatch(
      /pod CIDRs are 10.85.0.0\/16; these values make them 10.99.0.0\/16.*never changes after install/,
    );
    expect(
      reasons(request({ overrides: { ipam: { operator: { clusterPoolIPv4MaskSize: 24 } } } })).join('\n'),
    ).toMatch(/\/25 blocks per node; the mask size never changes/);
  });

  it('refuses a Cilium minor that does not support a Kubernetes version the cluster runs', () => {
    const [r] = reasons(
      request({ kubernetesSupport: { '1.18': ['1.30', '1.31'] }, kubernetesInUse: ['1.31', '1.29'] }),
    );
    expect(r).toMatch(/Cilium 1.18 does not support Kubernetes 1.29/);
  });

  it('refuses values the chart schema rejects, by path, and values that let Cilium onto cloud workers', () => {
    expect(reasons(request({ overrides: { operator: { replicas: 'two' } } }))).toEqual([
      expect.stringMatching(/Value `operator.replicas` must be integer/),
    ]);
    expect(reasons(request({ overrides: { affinity: null } })).join('\n')).toMatch(
      /let the Cilium agent run on cloud workers.*Leave `affinity` to the bot/,
    );
  });

  it('refuses a cluster without remote pod networks', () => {
    expect(
      reasons(request({ remotePodNetworks: [], running: readRunningCni({ fluxInstalled: false }) })),
    ).toEqual([expect.stringMatching(/has no remote pod networks/)]);
  });
});
