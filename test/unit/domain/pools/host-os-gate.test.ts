import { hostOsGate } from '../../../../src/domain/pools/host-os-gate';
import { profileFixture } from './pool-fixtures';

const ssmHost = (name: string, version: string) => ({
  name: 'plant3-edge-02',
  managedInstanceId: 'mi-0123456789abcdef0',
  auth: 'ssm' as const,
  platform: { name, version },
});

describe('hostOsGate', () => {
  it("refuses an OS AWS does not support, then one the target profile's OS layer does not list", () => {
    expect(hostOsGate(ssmHost('Debian GNU/Linux', '12'), profileFixture())).toEqual([
      expect.stringMatching(
        /^Host plant3-edge-02 \(mi-0123456789abcdef0\) runs Debian GNU\/Linux 12, which AWS does not support for hybrid nodes: re-image it/,
      ),
    ]);
    expect(hostOsGate(ssmHost('Ubuntu', '24.04'), profileFixture())).toEqual([
      expect.stringMatching(
        /^Host plant3-edge-02 \(mi-0123456789abcdef0\): The profile supports .*not ubuntu-24\.04/,
      ),
    ]);
  });

  it('lets a supported OS through, and never refuses a host whose OS SSM did not report', () => {
    expect(hostOsGate(ssmHost('Ubuntu', '22.04'), profileFixture())).toEqual([]);
    expect(hostOsGate({ name: 'ra-host', auth: 'iam-ra' }, profileFixture())).toEqual([]);
  });
});
