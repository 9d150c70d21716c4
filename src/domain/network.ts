import ipaddr from 'ipaddr.js';

/** IPv4 addresses and CIDRs as EKS remote networks use them. */
export interface Cidr {
  /** The CIDR as written, e.g. `10.80.0.0/16`. */
  text: string;
  network: ipaddr.IPv4;
  prefix: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((block) =>
  ipaddr.IPv4.parseCIDR(block),
);
const REMOTE_NETWORK_MIN_PREFIX = 8;

export function parseIpv4(text: string): Parsed<ipaddr.IPv4> {
  const trimmed = text.trim();
  if (!ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    return {
      ok: false,
      problem: `"${text}" is not an IPv4 address: write four numbers 0-255 separated by dots, e.g. 10.80.1.15.`,
    };
  }
  return { ok: true, value: ipaddr.IPv4.parse(trimmed) };
}

export function parseCidr(text: string): Parsed<Cidr> {
  const trimmed = text.trim();
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)) {
    return {
      ok: false,
      problem: `"${text}" is not an IPv4 CIDR: write an address and a prefix length 0-32, e.g. 10.80.0.0/16.`,
    };
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(trimmed);
  const network = ipaddr.IPv4.networkAddressFromCIDR(trimmed);
  if (network.toString() !== address.toString()) {
    return {
      ok: false,
      problem: `"${text}" has host bits set: did you mean ${network.toString()}/${prefix}?`,
    };
  }
  return { ok: true, value: { text: trimmed, network, prefix } };
}

function mustParse(cidr: string | Cidr): Cidr {
  if (typeof cidr !== 'string') return cidr;
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

/** True when the whole CIDR lies inside 10/8, 172.16/12 or 192.168/16. */
export function isRfc1918(cidr: string | Cidr): boolean {
  const { network, prefix } = mustParse(cidr);
  return RFC1918.some(([block, blockPrefix]) => prefix >= blockPrefix && network.match(block, blockPrefix));
}

export function cidrsOverlap(a: string | Cidr, b: string | Cidr): boolean {
  const x = mustParse(a);
  const y = mustParse(b);
  // Two aligned blocks overlap exactly when the larger one contains the other's network address.
  return x.prefix <= y.prefix ? y.network.match(x.network, x.prefix) : x.network.match(y.network, y.prefix);
}

/** The first CIDR containing the address, or undefined. */
export function ipInAnyCidr(ip: string, cidrs: readonly string[]): string | undefined {
  const address = parseIpv4(ip);
  if (!address.ok) return undefined;
  return cidrs.find((cidr) => {
    const parsed = parseCidr(cidr);
    return parsed.ok && address.value.match(parsed.value.network, parsed.value.prefix);
  });
}

/** A remote node or pod network must be IPv4, RFC 1918 and /8 to /32. */
export function remoteNetworkCidrProblem(text: string): string | undefined {
  const parsed = parseCidr(text);
  if (!parsed.ok) return parsed.problem;
  const { prefix } = parsed.value;
  if (prefix < REMOTE_NETWORK_MIN_PREFIX) {
    return `${text} is larger than /${REMOTE_NETWORK_MIN_PREFIX}: remote networks must be /8 to /32; split it.`;
  }
  if (!isRfc1918(parsed.value)) {
    return `${text} is not private (RFC 1918): use ranges inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`;
  }
  return undefined;
}
