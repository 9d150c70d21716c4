import { renderCiliumValues } from '../../../../src/domain/cni/cilium-values';
import { cniDrift } from '../../../../src/domain/cni/cni-drift';
import { readRunningCni } from '../../../../src/domain/cni/cni-running';
import { ciliumObjects } from './cni-objects.fixture';

const wanted = (overrides = {}) => {
  const r = renderCiliumValues(['10.85.0.0/16'], overrides);
  if (!r.ok) throw new Error('bad values');
  return r.values;
};

describe('the running CNI read from objects, and its drift from the desired layer', () => {
  it('reads version from image tags, affinities, IPAM, operator replicas and tolerations, owner', () => {
    const running = readRunningCni(
      ciliumObjects({
        agent: {
          labels: {
            'helm.toolkit.fluxcd.io/name': 'cilium',
            'helm.toolkit.fluxcd.io/namespace': 'flux-system',
          },
        },
      }),
    );
    expect(running).toMatchObject({
      installed: true,
      agent: { version: '1.17.6-0', hybridOnly: true, rolledOut: true },
      operator: { version: '1.17.6-0', hybridOnly: true, replicas: 1, tolerationsRestricted: true },
      ipamMode: 'cluster-pool',
      podCidrs: ['10.85.0.0/16'],
      maskSize: 25,
      awsNodeExcludesHybrid: true,
      owner: { kind: 'flux', name: 'cilium', namespace: 'flux-system' },
    });
    expect(
      readRunningCni(ciliumObjects({ agent: { annotations: { 'meta.helm.sh/release-name': 'cilium' } } }))
        .owner,
    ).toEqual({
      kind: 'helm',
      release: 'cilium',
    });
  });

  it('finds no drift when Cilium runs as wanted', () => {
    expect(cniDrift(readRunningCni(ciliumObjects()), { chartVersion: '1.17.6-0', values: wanted() })).toEqual(
      [],
    );
  });

  it('names each difference: version, agent on cloud workers, pod CIDRs, operator replicas and tolerations, aws-node', () => {
    const running = readRunningCni(
      ciliumObjects({
        agent: { requiredNodeSelectorTerms: [] },
        operator: { desired: 2, tolerations: [{ operator: 'Exists' }] },
        awsNode: { requiredNodeSelectorTerms: [] },
        cidrs: '10.99.0.0/16',
      }),
    );
    const drift = cniDrift(running, { chartVersion: '1.18.3-0', values: wanted() });
    expect(drift.map((d) => d.what)).toEqual([
      'agent version',
      'operator version',
      'agent hybrid-only',
      'pod CIDRs',
      'operator replicas',
      'operator tolerations restricted',
      'aws-node excludes hybrid nodes',
    ]);
    expect(drift[0]).toEqual({ what: 'agent version', running: '1.17.6-0', desired: '1.18.3-0' });
    expect(drift[2]).toEqual({ what: 'agent hybrid-only', running: 'no', desired: 'yes' });
  });

  it('says Cilium is missing where none runs', () => {
    expect(
      cniDrift(readRunningCni({ fluxInstalled: false }), { chartVersion: '1.18.3-0', values: wanted() }),
    ).toEqual([{ what: 'Cilium', running: 'not installed', desired: '1.18.3-0' }]);
  });
});
