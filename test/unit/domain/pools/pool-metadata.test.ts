import { parsePoolLabels, parsePoolTaints } from '../../../../src/domain/pools/pool-metadata';

describe('pool labels', () => {
  it('reads key=value pairs', () => {
    expect(parsePoolLabels('example.com/tier=pos, region=eu')).toEqual({
      ok: true,
      value: { 'example.com/tier': 'pos', region: 'eu' },
    });
    expect(parsePoolLabels(undefined)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['kubernetes.io/role=edge', 'reserved'],
    ['node-restriction.kubernetes.io/x=y', 'reserved'],
    ['eks.amazonaws.com/compute-type=hybrid', 'eks.amazonaws.com/'],
    ['hybrid-bot.io/pool=other', 'hybrid-bot.io/'],
    ['tier', 'not key=value'],
    ['tier=a b', 'invalid value'],
    ['Bad_Prefix.io/x=y', 'invalid prefix'],
  ])('refuses %s, naming why', (text, why) => {
    const parsed = parsePoolLabels(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toContain(why);
  });

  it('allows the kubelet-settable kubernetes.io labels', () => {
    expect(parsePoolLabels('topology.kubernetes.io/zone=store-12').ok).toBe(true);
  });

  it('names every problem, not just the first', () => {
    const parsed = parsePoolLabels('a=1,kubernetes.io/x=y,b=c d');
    expect(parsed.ok ? [] : parsed.problems).toHaveLength(2);
  });
});

describe('pool taints', () => {
  it('reads key[=value]:Effect', () => {
    expect(parsePoolTaints('dedicated=pos:NoSchedule,edge:PreferNoSchedule')).toEqual({
      ok: true,
      value: ['dedicated=pos:NoSchedule', 'edge:PreferNoSchedule'],
    });
  });

  it.each([
    ['dedicated=pos', 'key[=value]:Effect'],
    ['dedicated=pos:Sometimes', 'effect "Sometimes"'],
    ['eks.amazonaws.com/x=y:NoSchedule', 'reserved prefix'],
    ['a=1:NoSchedule,a=2:NoSchedule', 'repeats a key and effect'],
  ])('refuses %s', (text, why) => {
    const parsed = parsePoolTaints(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(' ')).toContain(why);
  });
});
