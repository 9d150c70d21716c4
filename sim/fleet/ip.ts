import ipaddr from 'ipaddr.js';

/** The address `offset` places after the network address of an IPv4 CIDR. */
export function addressInCidr(cidr: string, offset: number): string {
  const base = ipaddr.IPv4.networkAddressFromCIDR(cidr).toByteArray();
  const n = (((base[0]! << 24) >>> 0) + (base[1]! << 16) + (base[2]! << 8) + base[3]! + offset) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function cidrContains(cidr: string, ip: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(ip) || !ipaddr.isValidCIDR(cidr)) return false;
  const range = ipaddr.parseCIDR(cidr);
  const addr = ipaddr.parse(ip);
  return addr.kind() === range[0].kind() && addr.match(range);
}

export function isIPv4(ip: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(ip);
}

export function isIPv4Cidr(cidr: string): boolean {
  return ipaddr.isValidCIDR(cidr) && ipaddr.parseCIDR(cidr)[0].kind() === 'ipv4';
}
