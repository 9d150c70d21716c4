import type { Fleet } from './fleet';
import type { HostFault } from './host-fault-names';
import { refreshNode } from './node-health';
import type { Host } from './types';

export { HOST_FAULTS, type HostFault } from './host-fault-names';

/** The faults a kubelet restart (or a reboot) puts right; the others are in the host's configuration or network. */
const RESTART_CLEARS: readonly HostFault[] = ['kubelet-crashloop'];

/** The nodeadm a host runs when its scenario does not say: the first build with the current SSM signing key. */
export const DEFAULT_NODEADM_VERSION = 'v1.0.19';

/** Each supported OS's stock kernel (what `uname -r` prints on a fresh install). */
const KERNELS: Record<string, string> = {
  'ubuntu-20.04': '5.4.0-200-generic',
  'ubuntu-22.04': '5.15.0-126-generic',
  'ubuntu-24.04': '6.8.0-49-generic',
  'rhel-8': '4.18.0-553.el8_10.{arch}',
  'rhel-9': '5.14.0-503.11.1.el9_5.{arch}',
  al2023: '6.1.115-126.197.amzn2023.{arch}',
};

export function hostKernel(host: Host): string {
  if (host.kernel) return host.kernel;
  const machine = host.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const family = host.os.startsWith('rhel-') ? `rhel-${host.os.slice(5).split('.')[0]}` : host.os;
  return (KERNELS[family] ?? KERNELS['ubuntu-22.04']!).replace('{arch}', machine);
}

export function hostNodeadmVersion(host: Host): string {
  return host.nodeadmVersion ?? DEFAULT_NODEADM_VERSION;
}

export function hasFault(host: Host, fault: HostFault): boolean {
  return host.faults?.has(fault) ?? false;
}

/** `/etc/os-release` for the host's OS, as the distribution ships it. */
export function osRelease(host: Host): string {
  const [family = 'ubuntu', version = ''] = host.os.split('-');
  if (family === 'ubuntu') {
    const names: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };
    const patch: Record<string, string> = { '20.04': '20.04.6', '22.04': '22.04.5', '24.04': '24.04.1' };
    return lines({
      PRETTY_NAME: `Ubuntu ${patch[version] ?? version} LTS`,
      NAME: 'Ubuntu',
      VERSION_ID: version,
      VERSION: `${patch[version] ?? version} LTS (${names[version] ?? version})`,
      VERSION_CODENAME: names[version] ?? version,
      ID: 'ubuntu',
      ID_LIKE: 'debian',
    });
  }
  if (family === 'rhel') {
    const full = version.includes('.') ? version : `${version}.${version === '8' ? '10' : '5'}`;
    return lines({
      NAME: 'Red Hat Enterprise Linux',
      VERSION: `${full} (${version.startsWith('8') ? 'Ootpa' : 'Plow'})`,
      ID: 'rhel',
      ID_LIKE: 'fedora',
      VERSION_ID: full,
      PRETTY_NAME: `Red Hat Enterprise Linux ${full} (${version.startsWith('8') ? 'Ootpa' : 'Plow'})`,
    });
  }
  if (family === 'al2023')
    return lines({
      NAME: 'Amazon Linux',
      VERSION: '2023',
      ID: 'amzn',
      ID_LIKE: 'fedora',
      VERSION_ID: '2023',
      PRETTY_NAME: 'Amazon Linux 2023.6.20241121',
    });
  return lines({ NAME: host.os, ID: family, VERSION_ID: version, PRETTY_NAME: host.os });
}

function lines(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}="${v}"`)
    .join('\n')
    .concat('\n');
}

/** Replaces a host's faults; the node it runs (if any) reports what its kubelet now can. */
export function setHostFaults(fleet: Fleet, host: Host, faults: Iterable<HostFault>): void {
  host.faults = new Set(faults);
  refreshHostNode(fleet, host);
}

/**
 * `systemctl restart kubelet` or a reboot: the faults a restart puts right go, the node comes back.
 * A kubelet that was down reports its node Ready once it has started, `nodeReadyDelayMs` later (as
 * after a join); a Ready node stays Ready, its lease outliving the restart.
 */
export function restartKubelet(fleet: Fleet, host: Host): void {
  const wasDown = RESTART_CLEARS.some((f) => host.faults?.has(f));
  for (const f of RESTART_CLEARS) host.faults?.delete(f);
  const delay = fleet.options.nodeReadyDelayMs;
  if (wasDown && delay > 0) {
    const readyAt = fleet.now().getTime() + delay;
    host.node.readyAt = readyAt;
    fleet.atSimTime(readyAt, () => refreshHostNode(fleet, host));
  }
  refreshHostNode(fleet, host);
}

function refreshHostNode(fleet: Fleet, host: Host): void {
  const { clusterName, nodeName } = host.node;
  const cluster = clusterName ? fleet.clusters.get(clusterName) : undefined;
  if (cluster && nodeName && cluster.store.get('nodes', nodeName)) refreshNode(fleet, cluster, nodeName);
}

/**
 * `/proc/meminfo` as the kernel writes it (kB): MemTotal a little under the host's memory (the kernel keeps
 * some), about two thirds of it available; swap only under `swap-on`.
 */
export function procMeminfo(host: Host): string {
  const total = Math.round(host.memoryGiB * 1024 * 1024 * 0.975);
  const available = Math.round(total * 0.64);
  const free = Math.round(total * 0.11);
  const cached = available - free;
  const swap = hasFault(host, 'swap-on') ? 8 * 1024 * 1024 : 0;
  const row = (key: string, kib: number) => `${`${key}:`.padEnd(16)}${String(kib).padStart(8)} kB`;
  return [
    row('MemTotal', total),
    row('MemFree', free),
    row('MemAvailable', available),
    row('Buffers', Math.round(cached * 0.08)),
    row('Cached', Math.round(cached * 0.9)),
    row('SwapCached', 0),
    row('SwapTotal', swap),
    row('SwapFree', swap),
  ]
    .join('\n')
    .concat('\n');
}
