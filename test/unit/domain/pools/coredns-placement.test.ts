import fc from 'fast-check';
import {
  type CoreDnsFacts,
  configuredReplicaCount,
  planCoreDnsPlacement,
  readAddonValues,
  withReplicaCount,
} from '../../../../src/domain/pools/coredns-placement';

const demo: CoreDnsFacts = {
  addonValues: '',
  replicas: 2,
  onHybrid: 0,
  hybridNodesAfter: 2,
  hybridNodesForCoreDns: 2,
};

describe('CoreDNS on hybrid nodes, as a pool change plans it', () => {
  it('adds the missing replicas through the add-on when none run on hybrid nodes (the demo)', () => {
    const placed = planCoreDnsPlacement(demo);
    expect(placed.step).toEqual({ wantedOnHybrid: 2, fromReplicas: 2, replicaCount: 4 });
    expect(placed.line).toBe(
      "CoreDNS: 0 of 2 replicas on hybrid nodes; AWS advises replicas on both cloud and hybrid nodes: the coredns add-on's replicaCount goes 2 → 4 (UpdateAddon, its other values kept)",
    );
  });

  it.each<[string, Partial<CoreDnsFacts>, number | undefined]>([
    ['one hybrid node wants one replica', { hybridNodesAfter: 1, hybridNodesForCoreDns: 1 }, 3],
    ['five hybrid nodes still want two', { hybridNodesAfter: 5, hybridNodesForCoreDns: 5 }, 4],
    ['one already there: one more', { onHybrid: 1, replicas: 3 }, 4],
    ['two already there: nothing', { onHybrid: 2, replicas: 4 }, undefined],
    ['only tolerated nodes count', { hybridNodesAfter: 4, hybridNodesForCoreDns: 1 }, 3],
  ])('%s', (_, facts, replicaCount) => {
    expect(planCoreDnsPlacement({ ...demo, ...facts }).step?.replicaCount).toBe(replicaCount);
  });

  it('says nothing without hybrid nodes, without a coredns Deployment, or with enough replicas there', () => {
    expect(planCoreDnsPlacement({ ...demo, hybridNodesAfter: 0, hybridNodesForCoreDns: 0 })).toEqual({});
    const { replicas: _, ...noDeployment } = demo;
    expect(planCoreDnsPlacement(noDeployment)).toEqual({});
    expect(planCoreDnsPlacement({ ...demo, onHybrid: 2, replicas: 4 })).toEqual({});
  });

  it('says what the user can do when coredns is not an EKS add-on, and plans no step', () => {
    const { addonValues: _, ...selfManaged } = demo;
    const placed = planCoreDnsPlacement(selfManaged);
    expect(placed.step).toBeUndefined();
    expect(placed.line).toContain('0 of 2 replicas on hybrid nodes');
    expect(placed.line).toContain('not an EKS add-on');
    expect(placed.line).toContain('kubectl -n kube-system scale deployment coredns --replicas=4');
  });

  it('names the taints when no hybrid node can take a replica', () => {
    const placed = planCoreDnsPlacement({ ...demo, hybridNodesForCoreDns: 0 });
    expect(placed.step).toBeUndefined();
    expect(placed.line).toContain('taints are not tolerated by coredns');
    expect(placed.line).toContain('all 2 stay on cloud nodes');
  });

  it('leaves an autoscaled add-on alone and says how to get replicas there', () => {
    const placed = planCoreDnsPlacement({
      ...demo,
      addonValues: 'autoScaling:\n  enabled: true\n  minReplicas: 2\n',
    });
    expect(placed.step).toBeUndefined();
    expect(placed.line).toContain('autoScaling.minReplicas');
  });

  it('leaves configuration values it cannot read alone', () => {
    for (const addonValues of ['[1, 2]', '{ "replicaCount": ', '"just text"']) {
      const placed = planCoreDnsPlacement({ ...demo, addonValues });
      expect(placed.step).toBeUndefined();
      expect(placed.line).toContain('neither a JSON nor a YAML map');
    }
  });

  it('never wants more than two on hybrid nodes nor more than the nodes that take them, and reaches that', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10 }),
        (replicas, nodes, tolerated, onHybridRaw) => {
          const forCoreDns = Math.min(nodes, tolerated);
          const onHybrid = Math.min(onHybridRaw, replicas);
          const placed = planCoreDnsPlacement({
            ...demo,
            replicas,
            onHybrid,
            hybridNodesAfter: nodes,
            hybridNodesForCoreDns: forCoreDns,
          });
          const wanted = Math.min(2, forCoreDns);
          if (placed.step) {
            expect(placed.step.wantedOnHybrid).toBe(wanted);
            expect(placed.step.wantedOnHybrid).toBeGreaterThan(onHybrid);
            // The added replicas are exactly the ones missing on hybrid nodes.
            expect(placed.step.replicaCount - replicas).toBe(wanted - onHybrid);
            expect(placed.line).toContain(`${replicas} → ${placed.step.replicaCount}`);
          } else {
            expect(nodes === 0 || onHybrid >= wanted).toBe(true);
          }
        },
      ),
    );
  });
});

describe('the coredns add-on configuration values', () => {
  it('reads JSON, YAML and nothing at all', () => {
    expect(readAddonValues('')).toEqual({});
    expect(readAddonValues('{"replicaCount": 3}')).toEqual({ replicaCount: 3 });
    expect(readAddonValues('replicaCount: 3\ncorefile: |\n  .:53 {}\n')).toEqual({
      replicaCount: 3,
      corefile: '.:53 {}\n',
    });
    expect(readAddonValues('- a')).toBeUndefined();
  });

  it('sets replicaCount and keeps every other key', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter((k) => k !== 'replicaCount' && k !== '__proto__'),
          fc.jsonValue(),
        ),
        fc.integer({ min: 1, max: 100 }),
        (values, n) => {
          const out = readAddonValues(withReplicaCount(values, n));
          expect(out).toEqual({ ...JSON.parse(JSON.stringify(values)), replicaCount: n });
          expect(configuredReplicaCount(out!)).toBe(n);
        },
      ),
    );
  });

  it('tells a replicaCount left to the default', () => {
    expect(configuredReplicaCount({})).toBeUndefined();
    expect(configuredReplicaCount({ replicaCount: '3' })).toBeUndefined();
  });
});
