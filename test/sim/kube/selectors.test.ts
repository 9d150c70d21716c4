import {
  matchesLabelSelectorObject,
  matchesRequirements,
  parseFieldSelector,
  parseLabelSelector,
} from '../../../sim/kube/selectors';

const hybrid = { 'eks.amazonaws.com/compute-type': 'hybrid', site: 'store-12' };
const cloud = { 'eks.amazonaws.com/nodegroup': 'agents', 'node.kubernetes.io/instance-type': 't3.xlarge' };

function matches(selector: string, labels: Record<string, string>): boolean {
  return matchesRequirements(labels, parseLabelSelector(selector));
}

describe('label selectors', () => {
  it.each([
    ['eks.amazonaws.com/compute-type=hybrid', true, false],
    ['eks.amazonaws.com/compute-type==hybrid', true, false],
    ['eks.amazonaws.com/compute-type!=hybrid', false, true],
    ['eks.amazonaws.com/compute-type in (hybrid, fargate)', true, false],
    ['eks.amazonaws.com/compute-type notin (hybrid,auto)', false, true],
    ['eks.amazonaws.com/nodegroup', false, true],
    ['!eks.amazonaws.com/nodegroup', true, false],
    ['site in (store-12,plant-3),!eks.amazonaws.com/nodegroup', true, false],
    ['', true, true],
  ])('%s matches the hybrid node: %s, the cloud node: %s', (selector, onHybrid, onCloud) => {
    expect(matches(selector, hybrid)).toBe(onHybrid);
    expect(matches(selector, cloud)).toBe(onCloud);
  });

  it('refuses malformed selectors with a 400', () => {
    expect(() => parseLabelSelector('a in b')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => parseLabelSelector('=x')).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('matches metav1.LabelSelector objects: {} matches all, null none, expressions apply', () => {
    expect(matchesLabelSelectorObject(cloud, {})).toBe(true);
    expect(matchesLabelSelectorObject(cloud, null)).toBe(false);
    expect(
      matchesLabelSelectorObject(hybrid, {
        matchLabels: { site: 'store-12' },
        matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }],
      }),
    ).toBe(true);
    expect(
      matchesLabelSelectorObject(hybrid, { matchExpressions: [{ key: 'site', operator: 'DoesNotExist' }] }),
    ).toBe(false);
  });
});

describe('field selectors', () => {
  it('parses =, == and != on the fields the API server indexes', () => {
    expect(parseFieldSelector('pods', 'spec.nodeName=mi-1,status.phase!=Succeeded')).toEqual([
      { path: 'spec.nodeName', equals: true, value: 'mi-1' },
      { path: 'status.phase', equals: false, value: 'Succeeded' },
    ]);
    expect(() => parseFieldSelector('nodes', 'spec.nodeName=x')).toThrow(
      'field label not supported: spec.nodeName',
    );
  });
});
