import {
  cidrsOverlap,
  ipInAnyCidr,
  isRfc1918,
  parseCidr,
  parseIpv4,
  remoteNetworkCidrProblem,
} from '../../../src/domain/network';
import { remoteNetworkProblems } from '../../../src/domain/remote-networks';

describe('parseIpv4', () => {
  it('accepts dotted quads', () => {
    const parsed = parseIpv4(' 10.80.1.15 ');
    expect(parsed.ok && parsed.value.toString()).toBe('10.80.1.15');
  });

  it.each(['10.80.1', '10.80.1.256', '010.80.1.15', '10.80.1.15/32', 'fd00::1', 'store-12', ''])(
    'rejects %j and shows the expected form',
    (text) => {
      expect(parseIpv4(text)).toEqual({
        ok: false,
        problem: expect.stringMatching(/is not an IPv4 address: .*e\.g\. 10\.80\.1\.15/),
      });
    },
  );
});

describe('parseCidr', () => {
  it('accepts a network with a prefix', () => {
    const parsed = parseCidr('10.80.0.0/16');
    expect(parsed.ok && [parsed.value.network.toString(), parsed.value.prefix]).toEqual(['10.80.0.0', 16]);
  });

  it.each(['10.80.0.0', '10.80.0.0/33', '10.80.0/16', 'fd00::/8', '10.80.0.0/-1'])('rejects %j', (text) => {
    expect(parseCidr(text)).toEqual({ ok: false, problem: expect.stringMatching(/is not an IPv4 CIDR/) });
  });

  it('suggests the network address when host bits are set', () => {
    expect(parseCidr('10.80.1.15/16')).toEqual({
      ok: false,
      problem: '"10.80.1.15/16" has host bits set: did you mean 10.80.0.0/16?',
    });
  });
});

describe('isRfc1918', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['10.200.0.0/16', true],
    ['172.16.0.0/12', true],
    ['172.31.255.0/24', true],
    ['172.32.0.0/16', false],
    ['172.0.0.0/8', false],
    ['192.168.10.0/24', true],
    ['192.169.0.0/16', false],
    ['100.64.0.0/10', false],
    ['0.0.0.0/0', false],
  ])('%s → %s', (cidr, expected) => expect(isRfc1918(cidr)).toBe(expected));
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/8', '10.80.0.0/16', true],
    ['10.80.0.0/16', '10.0.0.0/8', true],
    ['10.80.0.0/16', '10.81.0.0/16', false],
    ['192.168.1.0/24', '192.168.1.128/25', true],
    ['192.168.1.0/25', '192.168.1.128/25', false],
    ['10.0.0.1/32', '10.0.0.1/32', true],
  ])('%s and %s → %s', (a, b, expected) => expect(cidrsOverlap(a, b)).toBe(expected));
});

describe('ipInAnyCidr', () => {
  const cidrs = ['10.80.0.0/16', '192.168.100.0/24'];
  it('returns the network the address belongs to', () => {
    expect(ipInAnyCidr('192.168.100.7', cidrs)).toBe('192.168.100.0/24');
    expect(ipInAnyCidr('10.80.255.255', cidrs)).toBe('10.80.0.0/16');
  });
  it('returns undefined outside all networks or for a bad address', () => {
    expect(ipInAnyCidr('10.81.0.1', cidrs)).toBeUndefined();
    expect(ipInAnyCidr('nope', cidrs)).toBeUndefined();
    expect(ipInAnyCidr('10.80.0.1', [])).toBeUndefined();
  });
});

describe('remoteNetworkCidrProblem', () => {
  it('accepts private /8 to /32', () => {
    expect(remoteNetworkCidrProblem('10.0.0.0/8')).toBeUndefined();
    expect(remoteNetworkCidrProblem('192.168.1.1/32')).toBeUndefined();
  });
  it('refuses prefixes shorter than /8 and public ranges', () => {
    expect(remoteNetworkCidrProblem('0.0.0.0/0')).toMatch(/larger than \/8/);
    expect(remoteNetworkCidrProblem('100.64.0.0/16')).toMatch(/not private \(RFC 1918\)/);
  });
});

describe('remoteNetworkProblems', () => {
  const good = {
    remoteNodeNetworks: ['10.80.0.0/16'],
    remotePodNetworks: ['10.85.0.0/16'],
    vpcCidrs: ['10.0.0.0/16'],
    serviceCidr: '172.20.0.0/16',
  };

  it('finds nothing wrong with separate private ranges', () => {
    expect(remoteNetworkProblems(good)).toEqual([]);
  });

  it('reports node and pod networks overlapping each other', () => {
    expect(remoteNetworkProblems({ ...good, remotePodNetworks: ['10.80.128.0/17'] })).toEqual([
      'The remote node network 10.80.0.0/16 overlaps the remote pod network 10.80.128.0/17: choose ranges that do not overlap.',
    ]);
  });

  it('reports overlap with the VPC and the service CIDR', () => {
    const problems = remoteNetworkProblems({
      ...good,
      vpcCidrs: ['10.80.0.0/20'],
      serviceCidr: '10.85.0.0/24',
    });
    expect(problems).toEqual([
      expect.stringContaining('10.80.0.0/16 overlaps the VPC CIDR 10.80.0.0/20'),
      expect.stringContaining('10.85.0.0/16 overlaps the service CIDR 10.85.0.0/24'),
    ]);
  });

  it('reports public and malformed remote networks', () => {
    expect(remoteNetworkProblems({ ...good, remoteNodeNetworks: ['8.8.0.0/16', 'x'] })).toEqual([
      expect.stringMatching(/^The remote node network 8\.8\.0\.0\/16 is not private/),
      expect.stringMatching(/^The remote node network "x" is not an IPv4 CIDR/),
    ]);
  });
});
