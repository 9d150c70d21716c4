import { parseValuesFile, slackFileId } from '../../../../src/domain/cni/values-file';

describe('a values file named in a command', () => {
  it.each([
    ['F0ABC1234', 'F0ABC1234'],
    ['https://acme.slack.com/files/U0ADMIN/F0ABC1234/cilium-values.yaml', 'F0ABC1234'],
    ['<https://acme.slack.com/files/U0ADMIN/F0ABC1234/cilium-values.yaml>', 'F0ABC1234'],
    ['values.yaml', undefined],
    ['https://example.com/values.yaml', undefined],
  ])('%s names file %s', (ref, id) => {
    expect(slackFileId(ref)).toBe(id);
  });

  it('reads a mapping of values, as helm -f does', () => {
    expect(parseValuesFile('v.yaml', 'operator:\n  replicas: 1\n')).toEqual({
      ok: true,
      values: { operator: { replicas: 1 } },
    });
    expect(parseValuesFile('v.yaml', '')).toEqual({ ok: true, values: {} });
  });

  it.each([
    ['operator:\n  replicas: [1\n', 'v.yaml line 3'], // the unclosed list is found at the end
    ['a: 1\na: 2\n', 'v.yaml line 2'],
    ['- just\n- a list\n', 'not a mapping'],
  ])('refuses %j, naming where', (text, expected) => {
    const parsed = parseValuesFile('v.yaml', text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(expected);
  });
});
