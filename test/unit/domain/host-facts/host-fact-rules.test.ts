import {
  type Cilium118,
  ciliumNeedsNewKernel,
  hostFactProblems,
  kernelTooOldForCilium,
  kernelVersion,
  nodeadmTooOld,
} from '../../../../src/domain/host-facts/host-fact-rules';
import {
  factAge,
  type HostFacts,
  hostLabel,
  mergeHostFacts,
} from '../../../../src/domain/host-facts/host-facts';
import { awsSupportsOs } from '../../../../src/domain/host-facts/supported-os';

const AT = Date.UTC(2026, 11, 7, 12);
const at = <T>(value: T) => ({ value, at: AT });
const healthy: HostFacts = {
  instanceId: 'mi-0123456789abcdef0',
  cluster: 'demo',
  host: 'store12-edge-01',
  site: 'store-12',
  platform: at({ name: 'Ubuntu', version: '22.04' }),
  kernel: at('5.15.0-126-generic'),
  nodeadm: at('v1.0.19'),
  containerd: at('1.7.24'),
  swapOn: at(false),
  clockOffsetSeconds: at(0.00012),
  clockSynchronized: at(true),
};
const problemsOf = (f: Partial<HostFacts>, cilium118: Cilium118 = 'runs') =>
  hostFactProblems({ ...healthy, ...f }, { cilium118 }).map((p) => p.problem);

describe('version coercion', () => {
  it.each([
    ['5.15.0-126-generic', '5.15.0'],
    ['4.18.0-553.el8_10.x86_64', '4.18.0'],
    ['6.1.115-126.197.amzn2023.aarch64', '6.1.115'],
    ['5.4.0-200-generic', '5.4.0'],
    ['5.10', '5.10.0'],
  ])('reads kernel %s as %s', (release, version) => expect(kernelVersion(release)).toBe(version));

  it('compares kernels with 5.10, nodeadm with 1.0.19, and knows which Cilium needs the newer kernel', () => {
    expect(kernelTooOldForCilium('5.4.0-200-generic')).toBe(true);
    expect(kernelTooOldForCilium('4.18.0-553.el8_10.x86_64')).toBe(true);
    expect(kernelTooOldForCilium('5.10.0-32-amd64')).toBe(false);
    expect(kernelTooOldForCilium('5.14.0-503.11.1.el9_5.x86_64')).toBe(false);
    expect(kernelTooOldForCilium('unknown')).toBeUndefined();
    expect(nodeadmTooOld('v1.0.15')).toBe(true);
    expect(nodeadmTooOld('v1.0.19')).toBe(false);
    expect(nodeadmTooOld('v1.1.0')).toBe(false);
    expect(nodeadmTooOld('dev')).toBeUndefined();
    expect(ciliumNeedsNewKernel('1.18.3-0')).toBe(true);
    expect(ciliumNeedsNewKernel('v1.19.0')).toBe(true);
    expect(ciliumNeedsNewKernel('1.17.6-0')).toBe(false);
  });
});

describe("AWS's supported OSes", () => {
  it.each([
    ['Ubuntu', '20.04', true],
    ['Ubuntu', '24.04', true],
    ['Ubuntu', '18.04', false],
    ['Red Hat Enterprise Linux', '9.4', true],
    ['Red Hat Enterprise Linux', '7.9', false],
    ['Amazon Linux', '2023', true],
    ['Amazon Linux', '2', false],
    ['Bottlerocket', '1.37.0', true],
    ['Bottlerocket', '1.30.0', false],
    ['Debian GNU/Linux', '12', false],
  ])('%s %s: %s', (name, version, supported) => expect(awsSupportsOs({ name, version })).toBe(supported));

  it('does not guess when SSM reported no platform', () => {
    expect(awsSupportsOs(undefined)).toBeUndefined();
  });
});

describe('hostFactProblems', () => {
  it('finds nothing on a healthy host, nor where facts are unknown', () => {
    expect(problemsOf({})).toEqual([]);
    expect(
      hostFactProblems(
        { instanceId: 'mi-0123456789abcdef0', cluster: 'demo', host: 'store12-edge-01' },
        { cilium118: 'runs' },
      ),
    ).toEqual([]);
  });

  it('names the host as `name (mi-…)` with its site, and says how to fix each problem', () => {
    const [p] = hostFactProblems({ ...healthy, nodeadm: at('v1.0.15') }, { cilium118: 'no' });
    expect(p).toEqual({
      host: 'store12-edge-01 (mi-0123456789abcdef0)',
      site: 'store-12',
      problem: 'nodeadm v1.0.15 is older than 1.0.19: its SSM package-signing key has expired.',
      fix: 'Install nodeadm 1.0.19 or later on the host.',
    });
  });

  it('flags a kernel older than 5.10 where Cilium 1.18 runs, is planned or is on offer', () => {
    const old = { kernel: at('5.4.0-200-generic') };
    expect(problemsOf(old, 'runs')).toEqual([
      'kernel 5.4.0-200-generic is older than 5.10, which Cilium 1.18 (running in the cluster) needs.',
    ]);
    expect(problemsOf(old, 'planned')).toEqual([
      "kernel 5.4.0-200-generic is older than 5.10, which Cilium 1.18 (the cluster's desired CNI layer) needs.",
    ]);
    expect(problemsOf(old, 'offered')).toEqual([
      'kernel 5.4.0-200-generic is older than 5.10, so this host cannot run Cilium 1.18.',
    ]);
    expect(problemsOf(old, 'no')).toEqual([]);
    expect(problemsOf({ kernel: at('5.14.0-503.11.1.el9_5.x86_64') }, 'runs')).toEqual([]);
  });

  it('flags an OS AWS does not support, swap on, and a clock off by more than 1 s or not in sync', () => {
    expect(problemsOf({ platform: at({ name: 'Ubuntu', version: '18.04' }) })).toEqual([
      'Ubuntu 18.04 is not an OS AWS supports for hybrid nodes.',
    ]);
    expect(problemsOf({ swapOn: at(true) })).toEqual(['swap is on; the kubelet needs it off.']);
    expect(problemsOf({ clockOffsetSeconds: at(-1.75) })).toEqual([
      'the clock is 1.8 s behind NTP time (more than 1 s).',
    ]);
    expect(problemsOf({ clockOffsetSeconds: at(0.9) })).toEqual([]);
    expect(problemsOf({ clockSynchronized: at(false) })).toEqual(['the clock is not synchronised with NTP.']);
  });
});

describe('host facts', () => {
  it('keeps a fact a newer reading could not read, and takes every fact it did read', () => {
    const later = AT + 60_000;
    const merged = mergeHostFacts(healthy, {
      instanceId: healthy.instanceId,
      cluster: 'demo',
      host: 'store12-edge-01',
      kernel: { value: '6.8.0-49-generic', at: later },
    });
    expect(merged.kernel).toEqual({ value: '6.8.0-49-generic', at: later });
    expect(merged.nodeadm).toEqual(healthy.nodeadm);
  });

  it('labels and ages facts as a person reads them', () => {
    expect(hostLabel(healthy)).toBe('store12-edge-01 (mi-0123456789abcdef0)');
    expect(hostLabel({ host: 'mi-0123456789abcdef0', instanceId: 'mi-0123456789abcdef0' })).toBe(
      'mi-0123456789abcdef0',
    );
    expect(factAge(AT, AT + 10_000)).toBe('just now');
    expect(factAge(AT, AT + 5 * 60_000)).toBe('5 min ago');
    expect(factAge(AT, AT + 3 * 3_600_000)).toBe('3 h ago');
    expect(factAge(AT, AT + 3 * 86_400_000)).toBe('3 days ago');
  });
});
