import {
  agreedPoolDefinition,
  POOL_DEFINITION_ANNOTATION,
  POOL_PROFILE_ANNOTATION,
  type PoolDefinition,
  poolDefinitionOf,
  poolNodeAnnotations,
} from '../../../../src/domain/pools/pool-annotations';

const tills: PoolDefinition = {
  name: 'tills',
  profile: { name: 'edge-standard', version: '1.2.0' },
  arch: 'amd64',
  labels: { 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  maxParallel: 5,
  createdBy: 'U0OPERATOR',
  createdAt: 1_796_000_000_000,
};

describe("a pool's definition on its nodes", () => {
  it('reads back exactly what was written, with the profile readable at a glance', () => {
    const annotations = poolNodeAnnotations({
      ...tills,
      ...{ cluster: 'demo', hosts: ['h1'] },
    } as PoolDefinition);
    expect(annotations[POOL_PROFILE_ANNOTATION]).toBe('edge-standard@1.2.0');
    expect(poolDefinitionOf(annotations)).toEqual(tills);
    // Only the definition is written: not the cluster or the hosts, which the cluster itself says.
    expect(annotations[POOL_DEFINITION_ANNOTATION]).not.toMatch(/cluster|hosts/);
  });

  it('ignores an annotation that is missing, not JSON, or not a definition', () => {
    expect(poolDefinitionOf(undefined)).toBeUndefined();
    expect(poolDefinitionOf({})).toBeUndefined();
    expect(poolDefinitionOf({ [POOL_DEFINITION_ANNOTATION]: '{oops' })).toBeUndefined();
    expect(poolDefinitionOf({ [POOL_DEFINITION_ANNOTATION]: '{"v":1,"name":"tills"}' })).toBeUndefined();
  });

  it('takes the definition most nodes carry when they disagree, and only one of that pool', () => {
    const relabelled = poolNodeAnnotations({ ...tills, labels: { 'example.com/tier': 'kiosk' } });
    const other = poolNodeAnnotations({ ...tills, name: 'kiosks' });
    const nodes = [
      { name: 'mi-3', annotations: relabelled },
      { name: 'mi-1', annotations: poolNodeAnnotations(tills) },
      { name: 'mi-2', annotations: poolNodeAnnotations(tills) },
      { name: 'mi-4', annotations: other },
      { name: 'mi-5', annotations: other },
      { name: 'mi-6', annotations: other },
      { name: 'mi-7' },
    ];
    expect(agreedPoolDefinition('tills', nodes)).toEqual(tills);
    expect(agreedPoolDefinition('tills', [{ name: 'mi-7' }])).toBeUndefined();
    expect(agreedPoolDefinition('tills', nodes.slice(0, 1))?.labels).toEqual({ 'example.com/tier': 'kiosk' });
  });
});
