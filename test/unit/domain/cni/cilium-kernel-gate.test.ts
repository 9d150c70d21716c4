import { ciliumKernelGate } from '../../../../src/domain/cni/cilium-kernel-gate';
import { DEFAULT_CILIUM_VERSIONS } from '../../../../src/domain/cni/cilium-version';

const gate = (toVersion: string, nodes: Parameters<typeof ciliumKernelGate>[1]) =>
  ciliumKernelGate({ cluster: 'demo', toVersion, versions: DEFAULT_CILIUM_VERSIONS }, nodes);

const plant = { host: 'plant3-edge-02 (mi-0123456789abcdef0)', site: 'plant-3', kernel: '5.4.0-200-generic' };
const store = {
  host: 'store12-edge-01 (mi-0fedcba9876543210)',
  site: 'store-12',
  kernel: '5.15.0-126-generic',
};

describe('ciliumKernelGate', () => {
  it('refuses Cilium 1.18 while a hybrid node runs a kernel older than 5.10, naming the host, its site and the fix', () => {
    const { refusal } = gate('1.18.3-0', [plant, store]);
    expect(refusal?.reason).toBe(
      'Cilium 1.18.3-0 needs kernel 5.10 or later on every hybrid node; 1 host runs an older one: plant3-edge-02 (mi-0123456789abcdef0) at plant-3: kernel 5.4.0-200-generic.',
    );
    expect(refusal?.fix).toBe(
      'Upgrade the kernel to 5.10 or later or re-image the host (Ubuntu 22.04 or later, RHEL 9), or stay on Cilium 1.17 (`/hybrid cni set demo --cilium 1.17.8-0`).',
    );
  });

  it('lets Cilium 1.17 through on old kernels, and 1.18 on kernels of 5.10 or later (RHEL 9 included)', () => {
    expect(gate('1.17.8-0', [plant]).refusal).toBeUndefined();
    expect(
      gate('1.18.5-0', [store, { host: 'rhel', kernel: '5.14.0-503.11.1.el9_5.x86_64' }]).refusal,
    ).toBeUndefined();
  });

  it('never blocks on a kernel it does not know: it names those hosts for the plan', () => {
    const g = gate('1.18.3-0', [store, { host: 'mi-0aaaaaaaaaaaaaaaa' }]);
    expect(g).toEqual({ unknown: ['mi-0aaaaaaaaaaaaaaaa'] });
  });

  it('counts the hosts in plain words and names at most ten', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      host: `edge-${i}`,
      kernel: '4.18.0-553.el8_10.x86_64',
    }));
    const { refusal } = gate('1.18.3-0', many);
    expect(refusal?.reason).toContain('12 hosts run an older one: edge-0: kernel 4.18.0-553.el8_10.x86_64;');
    expect(refusal?.reason).toContain('; and 2 more.');
    expect(refusal?.reason).not.toContain('edge-10');
  });
});
