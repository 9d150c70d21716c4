import { toleratesTaints } from '../../../src/domain/tolerations';

const pos = { key: 'example.com/dedicated', value: 'pos', effect: 'NoSchedule' };
// The coredns add-on's default tolerations.
const coredns = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];

describe('tolerations against taints', () => {
  it.each([
    ['no taints', [], [], true],
    ['a NoSchedule taint nothing tolerates', coredns, [pos], false],
    ['a PreferNoSchedule taint never keeps a pod off', [], [{ ...pos, effect: 'PreferNoSchedule' }], true],
    ['Exists on the key', [{ key: pos.key, operator: 'Exists' }], [pos], true],
    ['Equal with the value', [{ key: pos.key, operator: 'Equal', value: 'pos' }], [pos], true],
    ['Equal with another value', [{ key: pos.key, value: 'till' }], [pos], false],
    ['another effect', [{ key: pos.key, operator: 'Exists', effect: 'NoExecute' }], [pos], false],
    [
      'Exists without a key tolerates all',
      [{ operator: 'Exists' }],
      [pos, { key: 'x', effect: 'NoExecute' }],
      true,
    ],
    [
      'CriticalAddonsOnly taint',
      coredns,
      [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' }],
      true,
    ],
  ])('%s', (_, tolerations, taints, expected) => {
    expect(toleratesTaints(tolerations, taints)).toBe(expected);
  });
});
