import { readPoolUpgradeForm, upgradeTargets } from '../../../../src/domain/rollouts/pool-upgrade-form';
import { parseUpgradeLimits } from '../../../../src/domain/rollouts/upgrade-limits';

const form = (over: Partial<Parameters<typeof readPoolUpgradeForm>[0]> = {}) =>
  readPoolUpgradeForm({
    cluster: 'demo',
    pool: 'tills',
    target: 'edge@1.1.0',
    maxUnavailable: '1',
    window: '',
    ...over,
  });

describe('the versions the upgrade form offers', () => {
  const stored = [
    { version: '1.0.0', kubernetesVersion: '1.30' },
    { version: '1.10.0', kubernetesVersion: '1.32' },
    { version: '0.9.0', kubernetesVersion: '1.29' },
    { version: '1.2.0', kubernetesVersion: '1.31' },
    { version: '1.1.0', kubernetesVersion: '1.30' },
  ];

  it('are the stored versions newer than the pool runs, newest first by SemVer, when the control plane allows them all', () => {
    expect(upgradeTargets({ name: 'edge', version: '1.1.0' }, stored, '1.32')).toEqual({
      targets: [
        { ref: 'edge@1.10.0', kubernetesVersion: '1.32' },
        { ref: 'edge@1.2.0', kubernetesVersion: '1.31' },
      ],
      notOffered: [],
    });
  });

  it('leave out a version a rollout would refuse on the control plane, and say why', () => {
    expect(upgradeTargets({ name: 'edge', version: '1.1.0' }, stored, '1.31')).toEqual({
      targets: [{ ref: 'edge@1.2.0', kubernetesVersion: '1.31' }],
      notOffered: [{ version: '1.10.0', why: '1.10.0 needs Kubernetes 1.32; the control plane is 1.31' }],
    });
  });

  it('are every newer version when the control plane is not known (the plan checks it)', () => {
    expect(upgradeTargets({ name: 'edge', version: '1.1.0' }, stored, undefined).targets).toHaveLength(2);
  });

  it('are none when the pool runs the newest', () => {
    expect(upgradeTargets({ name: 'edge', version: '2.0.0' }, stored, '1.31')).toEqual({
      targets: [],
      notOffered: [],
    });
  });
});

describe('reading the upgrade form', () => {
  it('makes the request the text command makes', () => {
    expect(form({ maxUnavailable: '2', window: ' 22:00-04:00 ' })).toEqual({
      ok: true,
      positionals: { pool: 'tills' },
      options: { cluster: 'demo', profile: 'edge@1.1.0', 'max-unavailable': '2', window: '22:00-04:00' },
    });
    expect(form()).toEqual({
      ok: true,
      positionals: { pool: 'tills' },
      options: { cluster: 'demo', profile: 'edge@1.1.0', 'max-unavailable': '1' },
    });
    expect(form({ strategy: 'cutover' })).toMatchObject({ ok: true, options: { strategy: 'cutover' } });
    expect(form({ strategy: 'in-place' })).toMatchObject({ ok: true, options: { 'max-unavailable': '1' } });
    const odd = form({ strategy: 'blue-green' });
    expect(odd.ok ? '' : odd.errors.strategy).toBe('Pick in place or cutover.');
  });

  it('names what is wrong under each field and what to do', () => {
    const result = form({ target: '', maxUnavailable: '0', window: '25:00-04:00' });
    if (result.ok) throw new Error('accepted a bad form');
    expect(result.errors.target).toBe('Pick the version to roll out.');
    expect(result.errors.maxUnavailable).toBe(
      'Max unavailable 0 is not a whole number of at least 1: say how many nodes may be out at once (1, the default, is the gentlest).',
    );
    expect(result.errors.window).toBe(
      'The window 25:00-04:00 is not HH:MM-HH:MM (UTC, 24-hour), e.g. 22:00-04:00. Or leave it empty: any time.',
    );
    for (const bad of ['1.5', '-1', 'two']) {
      expect(form({ maxUnavailable: bad }).ok).toBe(false);
    }
    for (const bad of ['22-04', '10:00-10:00', '22:00']) {
      expect(form({ window: bad }).ok).toBe(false);
    }
    const noVersion = form({ target: 'edge' });
    expect(noVersion.ok ? '' : noVersion.errors.target).toContain('Say which version of edge');
  });
});

describe('rollout limits as flags', () => {
  it('name the flag, as the text command always did', () => {
    const limits = parseUpgradeLimits({ maxUnavailable: '0', window: '22-04' }, 'flags');
    expect(limits.problems.maxUnavailable).toMatch(
      /^--max-unavailable 0 is not a whole number of at least 1/,
    );
    expect(limits.problems.window).toBe(
      '--window 22-04 is not HH:MM-HH:MM (UTC, 24-hour), e.g. 22:00-04:00.',
    );
    const fine = parseUpgradeLimits({ window: '22:00-04:00' }, 'flags');
    expect(fine).toMatchObject({ maxUnavailable: 1, problems: {}, window: { text: '22:00-04:00 UTC' } });
  });
});
