import { hostOsOf } from '../../../../src/domain/pools/host-platform';

describe("a host's OS from what SSM reports", () => {
  it.each([
    ['Ubuntu', '22.04', 'ubuntu-22.04'],
    ['Ubuntu', '24.04.1', 'ubuntu-24.04'],
    ['Red Hat Enterprise Linux', '9.4', 'rhel-9'],
    ['Red Hat Enterprise Linux', '8', 'rhel-8'],
    ['Amazon Linux', '2023', 'al2023'],
  ])('%s %s is %s', (name, version, os) => {
    expect(hostOsOf(name, version)).toBe(os);
  });

  it.each([
    ['Ubuntu', '18.04'],
    ['Amazon Linux', '2'],
    ['Microsoft Windows Server 2022', '10.0'],
    [undefined, undefined],
  ])('%s %s is none a profile speaks of', (name, version) => {
    expect(hostOsOf(name, version)).toBeUndefined();
  });
});
