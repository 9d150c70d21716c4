import type { Fleet } from '../fleet';
import { hasFault, hostKernel, restartKubelet } from '../host-facts';
import type { Host } from '../types';
import type { CommandResult } from './ssm-agent';

const ok = (stdout = ''): CommandResult => ({ status: 0, stdout, stderr: '' });

/**
 * The commands a diagnostics script reads a host with, answering from the host's state and faults;
 * undefined for a command this does not model.
 */
export function hostCommand(
  fleet: Fleet,
  host: Host,
  name: string,
  args: string[],
  stdin: string | undefined,
): CommandResult | undefined {
  switch (name) {
    case 'uname':
      return ok(
        `${args.includes('-r') ? hostKernel(host) : args.includes('-m') ? machine(host) : 'Linux'}\n`,
      );
    case 'systemctl':
      return systemctl(fleet, host, args);
    case 'journalctl':
      return journalctl(fleet, host, args);
    case 'reboot':
      restartKubelet(fleet, host);
      return ok();
    case 'tail':
    case 'head': {
      const n = Number(
        args[args.indexOf('-n') + 1] ?? (args.find((a) => /^-\d+$/.test(a)) ?? '-10').slice(1),
      );
      const lines = (stdin ?? '').replace(/\n$/, '').split('\n');
      const picked = name === 'tail' ? lines.slice(-n) : lines.slice(0, n);
      return ok(stdin ? `${picked.join('\n')}\n` : '');
    }
    case 'grep': {
      // Only as a filter on a pipe; grep over files is not modelled.
      if (args.filter((a) => !a.startsWith('-')).length !== 1) return undefined;
      const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
      const pattern = args.find((a) => !a.startsWith('-')) ?? '';
      const re = new RegExp(
        flags.includes('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern,
        flags.includes('i') ? 'i' : '',
      );
      const kept = (stdin ?? '')
        .replace(/\n$/, '')
        .split('\n')
        .filter((l) => re.test(l) !== flags.includes('v'));
      return {
        status: kept.length > 0 ? 0 : 1,
        stdout: kept.length > 0 ? `${kept.join('\n')}\n` : '',
        stderr: '',
      };
    }
    case 'swapon':
      return ok(
        hasFault(host, 'swap-on')
          ? 'NAME      TYPE      SIZE USED PRIO\n/dev/sda3 partition   8G   0B   -2\n'
          : '',
      );
    case 'free': {
      const total = host.memoryGiB * 1024;
      const used = Math.round(total * 0.35);
      const swap = hasFault(host, 'swap-on') ? 8192 : 0;
      return ok(
        [
          '               total        used        free      shared  buff/cache   available',
          `Mem:    ${pad(total)} ${pad(used)} ${pad(total - used - 2048)} ${pad(12)} ${pad(2048)} ${pad(total - used)}`,
          `Swap:   ${pad(swap)} ${pad(0)} ${pad(swap)}`,
        ].join('\n') + '\n',
      );
    }
    case 'df': {
      const size = host.diskGiB;
      const usedPct = hasFault(host, 'disk-pressure') ? 93 : 31;
      const used = Math.round((size * usedPct) / 100);
      return ok(
        [
          'Filesystem      Size  Used Avail Use% Mounted on',
          `/dev/sda1       ${`${size}G`.padStart(4)}  ${`${used}G`.padStart(4)}  ${`${size - used}G`.padStart(4)}  ${`${usedPct}%`.padStart(3)} /`,
        ].join('\n') + '\n',
      );
    }
    case 'chronyc':
      if (args[0] !== 'tracking') return undefined;
      return ok(
        hasFault(host, 'clock-skew')
          ? [
              'Reference ID    : 7F7F0101 ()',
              'Stratum         : 10',
              'System time     : 0.000000000 seconds fast of NTP time',
              'Last offset     : +0.000000000 seconds',
              'Leap status     : Not synchronised',
            ].join('\n') + '\n'
          : [
              'Reference ID    : A9FEA97B (169.254.169.123)',
              'Stratum         : 4',
              'System time     : 0.000012043 seconds slow of NTP time',
              'Last offset     : -0.000008411 seconds',
              'Leap status     : Normal',
            ].join('\n') + '\n',
      );
    case 'timedatectl': {
      const synced = hasFault(host, 'clock-skew') ? 'no' : 'yes';
      return ok(
        [
          `               Local time: ${fleet.now().toUTCString()}`,
          '                Time zone: Etc/UTC (UTC, +0000)',
          `System clock synchronized: ${synced}`,
          `              NTP service: ${synced === 'yes' ? 'active' : 'inactive'}`,
          '          RTC in local TZ: no',
        ].join('\n') + '\n',
      );
    }
    case 'containerd':
      if (!host.node.installedVersion) return undefined;
      return ok('containerd containerd.io 1.7.24 88bf19b2105c8b17560993bee28a01ddc2f97182\n');
    default:
      return undefined;
  }
}

function machine(host: Host): string {
  return host.arch === 'arm64' ? 'aarch64' : 'x86_64';
}

function pad(mib: number): string {
  return `${mib}`.padStart(11);
}

function unitOf(args: string[]): string | undefined {
  return args.find((a, i) => i > 0 && !a.startsWith('-'))?.replace(/\.service$/, '');
}

/** kubelet's state as systemd sees it: active, crash-looping (activating, auto-restart), or absent. */
function systemctl(fleet: Fleet, host: Host, args: string[]): CommandResult | undefined {
  const verb = args.find((a) => !a.startsWith('-'));
  const unit = unitOf(args.filter((a) => !a.startsWith('-')));
  if (unit !== 'kubelet') return undefined;
  if (!host.node.installedVersion) {
    return {
      status: verb === 'is-active' ? 3 : 5,
      stdout: '',
      stderr: 'Unit kubelet.service could not be found.',
    };
  }
  const crashloop = hasFault(host, 'kubelet-crashloop');
  const running = host.node.running && !crashloop;
  switch (verb) {
    case 'restart':
      restartKubelet(fleet, host);
      return ok();
    case 'is-active':
      return { status: running ? 0 : 3, stdout: running ? 'active\n' : 'activating\n', stderr: '' };
    case 'status': {
      const active = running
        ? 'active (running)'
        : crashloop
          ? 'activating (auto-restart) (Result: exit-code)'
          : 'inactive (dead)';
      return {
        status: running ? 0 : 3,
        stdout:
          [
            '● kubelet.service - Kubernetes Kubelet',
            '     Loaded: loaded (/etc/systemd/system/kubelet.service; enabled; preset: enabled)',
            `     Active: ${active} since ${fleet.now().toUTCString()}`,
          ].join('\n') + '\n',
        stderr: '',
      };
    }
    default:
      return undefined;
  }
}

/** `journalctl -u kubelet [--since …] [--no-pager]`: the kubelet's recent lines, as its faults make it log. */
function journalctl(fleet: Fleet, host: Host, args: string[]): CommandResult | undefined {
  const unit = args[args.indexOf('-u') + 1]?.replace(/\.service$/, '');
  if (!args.includes('-u') || unit !== 'kubelet') return undefined;
  if (!host.node.installedVersion) return ok('-- No entries --\n');
  const now = fleet.now().getTime();
  const pid = 4000 + ((host.name.length * 37) % 900);
  const lines: string[] = [];
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000);
  const klog = (t: Date, level: string, source: string, text: string) =>
    `${stamp(t)} ${host.name} kubelet[${pid}]: ${level}${klogTime(t)}    ${pid} ${source}] ${text}`;
  const endpoint = host.node.clusterName ? fleet.clusters.get(host.node.clusterName)?.endpoint : undefined;
  const apiHost = endpoint ? new URL(endpoint).host : 'kubernetes.default';
  if (hasFault(host, 'kubelet-crashloop')) {
    for (let i = 5; i >= 1; i--) {
      const t = at(i * 10);
      lines.push(
        `${stamp(t)} ${host.name} systemd[1]: Started kubelet.service - Kubernetes Kubelet.`,
        klog(
          t,
          'E',
          'run.go:72',
          '"command failed" err="failed to run Kubelet: validate service connection: validate CRI v1 runtime API for endpoint \\"unix:///run/containerd/containerd.sock\\": rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing: dial unix /run/containerd/containerd.sock: connect: connection refused\\""',
        ),
        `${stamp(t)} ${host.name} systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE`,
        `${stamp(t)} ${host.name} systemd[1]: kubelet.service: Failed with result 'exit-code'.`,
        `${stamp(t)} ${host.name} systemd[1]: kubelet.service: Scheduled restart job, restart counter is at ${60 - i}.`,
      );
    }
    return ok(`${lines.join('\n')}\n`);
  }
  lines.push(
    klog(
      at(600),
      'I',
      'kubelet_node_status.go:75',
      `"Successfully registered node" node="${host.node.nodeName ?? host.name}"`,
    ),
  );
  if (hasFault(host, 'api-unreachable')) {
    for (let i = 4; i >= 1; i--) {
      lines.push(
        klog(
          at(i * 10),
          'E',
          'kubelet_node_status.go:549',
          `"Error updating node status, will retry" err="error getting node \\"${host.node.nodeName ?? host.name}\\": Get \\"https://${apiHost}/api/v1/nodes/${host.node.nodeName ?? host.name}?timeout=10s\\": dial tcp ${apiHost}: i/o timeout"`,
        ),
      );
    }
  }
  if (hasFault(host, 'certificate-expired')) {
    lines.push(
      klog(
        at(30),
        'E',
        'certificate_manager.go:562',
        '"Unhandled Error" err="kubernetes.io/kubelet-serving: certificate has expired"',
      ),
      klog(
        at(20),
        'E',
        'server.go:3157',
        '"http: TLS handshake error from 10.0.0.12:51234: no serving certificate available for the kubelet"',
      ),
    );
  }
  if (hasFault(host, 'disk-pressure')) {
    lines.push(
      klog(
        at(40),
        'W',
        'eviction_manager.go:369',
        '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"',
      ),
      klog(
        at(35),
        'I',
        'eviction_manager.go:380',
        '"Eviction manager: must evict pod(s) to reclaim" resourceName="ephemeral-storage"',
      ),
    );
  }
  return ok(`${lines.join('\n')}\n`);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** journald's short format: `Dec 07 06:52:49`. */
function stamp(t: Date): string {
  return `${MONTHS[t.getUTCMonth()]} ${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

/** klog's header: `E1207 06:52:49.123456`. */
function klogTime(t: Date): string {
  const us = String(t.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}.${us}`;
}
