import { confinedToHybridNodes, excludesHybridNodes } from '../../../src/domain/node-affinity';
import { parseQuantity } from '../../../src/domain/quantity';

const term = (...matchExpressions: { key: string; operator: string; values?: string[] }[]) => ({
  matchExpressions,
});
const computeType = (operator: string, values?: string[]) => ({
  key: 'eks.amazonaws.com/compute-type',
  operator,
  ...(values ? { values } : {}),
});

describe('excludesHybridNodes', () => {
  it.each([
    [
      'NotIn [fargate, hybrid, auto] (the aws-node default)',
      [term(computeType('NotIn', ['fargate', 'hybrid', 'auto']))],
      true,
    ],
    ['DoesNotExist', [term(computeType('DoesNotExist'))], true],
    ['In [ec2]', [term(computeType('In', ['ec2']))], true],
    ['no affinity', undefined, false],
    ['NotIn [fargate] only', [term(computeType('NotIn', ['fargate']))], false],
    ['only os/arch rules', [term({ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] })], false],
    [
      'a second ORed term without the rule',
      [
        term(computeType('NotIn', ['hybrid'])),
        term({ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }),
      ],
      false,
    ],
  ])('%s → %s', (_what, terms, expected) => expect(excludesHybridNodes(terms)).toBe(expected));
});

describe('confinedToHybridNodes', () => {
  it.each([
    ['In [hybrid] (the AWS-recommended Cilium values)', [term(computeType('In', ['hybrid']))], true],
    [
      'In [hybrid] and NotIn [hybrid] (unsatisfiable)',
      [term(computeType('In', ['hybrid']), computeType('NotIn', ['hybrid']))],
      false,
    ],
    ['In [hybrid, ec2]', [term(computeType('In', ['hybrid', 'ec2']))], false],
    ['Exists', [term(computeType('Exists'))], false],
    ['no affinity', undefined, false],
  ])('%s → %s', (_what, terms, expected) => expect(confinedToHybridNodes(terms)).toBe(expected));
});

describe('parseQuantity', () => {
  it.each([
    ['4', 4],
    ['3920m', 3.92],
    ['16181180Ki', 16181180 * 1024],
    ['16Gi', 16 * 2 ** 30],
    ['20G', 20e9],
    ['1.5Mi', 1.5 * 2 ** 20],
    ['lots', undefined],
    [undefined, undefined],
  ])('%s → %s', (text, value) => expect(parseQuantity(text)).toBe(value));
});
