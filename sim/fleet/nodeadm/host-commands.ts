import type { Fleet } from '../fleet';
import { hasFault, hostKernel, restartKubelet } from '../host-facts';
import type { Host } from '../types';
import type { CommandResult } from './ssm-agent';

const ok = (stdout = ''): CommandResult => ({ status: 0, stdout, stderr: '' });

/** A program the host has (on its PATH while `installed` says so), answering from the host's state and faults. */
export interface HostProgram {
  installed?: (host: Host) => boolean;
  run: (fleet: Fleet, host: Host, args: string[]) => CommandResult;
}

/** The host's own programs a diagnostics script reads it with (nodeadm and the SSM agent are elsewhere). */
export const HOST_PROGRAMS: Record<string, HostProgram> = {
  uname: { run: (_f, host, args) => ok(`${uname(host, args)}\n`) },
  hostname: { run: (_f, host) => ok(`${host.name}\n`) },
  systemctl: { run: (fleet, host, args) => systemctl(fleet, host, args) },
  journalctl: { run: (fleet, host, args) => journalctl(fleet, host, args) },
  reboot: {
    run: (fleet, host) => {
      restartKubelet(fleet, host);
      return ok();
    },
  },
  swapon: {
    run: (_f, host) =>
      ok(
        hasFault(host, 'swap-on')
          ? 'NAME      TYPE      SIZE USED PRIO\n/dev/sda3 partition   8G   0B   -2\n'
          : '',
      ),
  },
  free: { run: (_f, host) => free(host) },
  df: { run: (_f, host, args) => df(host, args) },
  chronyc: { run: (fleet, host, args) => chronyc(fleet, host, args) },
  timedatectl: { run: (fleet, host, args) => timedatectl(fleet, host, args) },
  containerd: {
    installed: (host) => host.node.installedVersion !== undefined,
    run: (_f, _host, args) =>
      args.includes('--version') || args.includes('-v')
        ? ok(`containerd containerd.io ${CONTAINERD_VERSION} ${CONTAINERD_COMMIT}\n`)
        : {
            status: 1,
            stdout: '',
            stderr: 'containerd: the simulated host runs containerd as a service only\n',
          },
  },
};

/** What `nodeadm install -s distro` puts on the host: the distribution's containerd.io build. */
const CONTAINERD_VERSION = '1.7.24';
const CONTAINERD_COMMIT = '88bf19b2105c8b17560993bee28a01ddc2f97182';

function uname(host: Host, args: string[]): string {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  if (flags.includes('a'))
    return `Linux ${host.name} ${hostKernel(host)} #1 SMP ${machine(host)} ${machine(host)} ${machine(host)} GNU/Linux`;
  const parts: string[] = [];
  if (flags.includes('s') || !flags) parts.push('Linux');
  if (flags.includes('n')) parts.push(host.name);
  if (flags.includes('r')) parts.push(hostKernel(host));
  if (flags.includes('m')) parts.push(machine(host));
  return parts.join(' ');
}

function free(host: Host): CommandResult {
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

/** The root filesystem (kubelet's and containerd's directories live on it): 93% full under `disk-pressure`. */
function rootFs(host: Host): { size: number; used: number; percent: number } {
  const size = host.diskGiB * 1024 * 1024;
  const percent = hasFault(host, 'disk-pressure') ? 93 : 31;
  return { size, used: Math.round((size * percent) / 100), percent };
}

/**
 * `df [-h|-P] [path…]`: one row per path given (each on the root filesystem), or the root filesystem;
 * `-P` is POSIX's 1024-blocks format, `-h` sizes in G.
 */
function df(host: Host, args: string[]): CommandResult {
  const paths = args.filter((a) => !a.startsWith('-'));
  const human = args.some((a) => /^-[a-zA-Z]*h/.test(a));
  const posix = args.some((a) => /^-[a-zA-Z]*P/.test(a)) || args.includes('--portability');
  const fs = rootFs(host);
  const rows = (paths.length > 0 ? paths : ['/']).map(() => fs);
  if (human) {
    const g = (kib: number) => `${Math.round(kib / 1024 / 1024)}G`;
    return ok(
      [
        'Filesystem      Size  Used Avail Use% Mounted on',
        ...rows.map(
          (r) =>
            `/dev/sda1       ${g(r.size).padStart(4)}  ${g(r.used).padStart(4)}  ${g(r.size - r.used).padStart(4)}  ${`${r.percent}%`.padStart(3)} /`,
        ),
      ].join('\n') + '\n',
    );
  }
  const header = posix
    ? 'Filesystem     1024-blocks     Used Available Capacity Mounted on'
    : 'Filesystem     1K-blocks     Used Available Use% Mounted on';
  const width = posix ? 11 : 9;
  return ok(
    [
      header,
      ...rows.map(
        (r) =>
          `/dev/sda1      ${String(r.size).padStart(width)} ${String(r.used).padStart(8)} ${String(r.size - r.used).padStart(9)} ${`${r.percent}%`.padStart(posix ? 8 : 4)} /`,
      ),
    ].join('\n') + '\n',
  );
}

/** How far the clock of a host with `clock-skew` has drifted: seconds, past what kubelet certificates tolerate. */
const SKEW_SECONDS = '42.318204117';

/** `chronyc tracking`, in chrony's layout; under `clock-skew` the clock is seconds fast and no source is selected. */
function chronyc(fleet: Fleet, host: Host, args: string[]): CommandResult {
  if (args[0] !== 'tracking') return { status: 1, stdout: '', stderr: `Unrecognized command\n` };
  const skewed = hasFault(host, 'clock-skew');
  const ref = chronyTime(new Date(fleet.now().getTime() - 37_000));
  return ok(
    [
      `Reference ID    : ${skewed ? '7F7F0101 ()' : 'A9FEA97B (169.254.169.123)'}`,
      `Stratum         : ${skewed ? 10 : 4}`,
      `Ref time (UTC)  : ${ref}`,
      `System time     : ${skewed ? SKEW_SECONDS : '0.000012043'} seconds ${skewed ? 'fast' : 'slow'} of NTP time`,
      `Last offset     : ${skewed ? '+42.318199730' : '-0.000008411'} seconds`,
      'RMS offset      : 0.000021345 seconds',
      'Frequency       : 3.456 ppm fast',
      'Residual freq   : -0.001 ppm',
      'Skew            : 0.021 ppm',
      'Root delay      : 0.000348213 seconds',
      'Root dispersion : 0.000209812 seconds',
      'Update interval : 64.3 seconds',
      `Leap status     : ${skewed ? 'Not synchronised' : 'Normal'}`,
    ].join('\n') + '\n',
  );
}

/** `timedatectl [status]` and `timedatectl show [-p NAME]… [--value]`, systemd's two layouts. */
function timedatectl(fleet: Fleet, host: Host, args: string[]): CommandResult {
  const synced = hasFault(host, 'clock-skew') ? 'no' : 'yes';
  if (args[0] === 'show') {
    const props: Record<string, string> = {
      Timezone: 'Etc/UTC',
      LocalRTC: 'no',
      CanNTP: 'yes',
      NTP: 'yes',
      NTPSynchronized: synced,
      TimeUSec: fleet.now().toUTCString(),
    };
    const wanted = args.flatMap((a, i) =>
      a === '-p' || a === '--property'
        ? [args[i + 1] ?? '']
        : a.startsWith('--property=')
          ? [a.slice(11)]
          : [],
    );
    const names = wanted.length > 0 ? wanted.filter((n) => n in props) : Object.keys(props);
    const value = args.includes('--value');
    return ok(
      names.map((n) => (value ? props[n] : `${n}=${props[n]}`)).join('\n') + (names.length ? '\n' : ''),
    );
  }
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

function machine(host: Host): string {
  return host.arch === 'arm64' ? 'aarch64' : 'x86_64';
}

function pad(mib: number): string {
  return `${mib}`.padStart(11);
}

/** The units the simulator models: present once their package is installed. */
function unitState(
  host: Host,
  unit: string,
): { active: string; sub: string; description: string } | undefined {
  switch (unit) {
    case 'kubelet': {
      if (!host.node.installedVersion) return undefined;
      if (hasFault(host, 'kubelet-crashloop'))
        return { active: 'activating', sub: 'auto-restart', description: 'Kubernetes Kubelet' };
      return host.node.running
        ? { active: 'active', sub: 'running', description: 'Kubernetes Kubelet' }
        : { active: 'inactive', sub: 'dead', description: 'Kubernetes Kubelet' };
    }
    case 'containerd':
      return host.node.installedVersion
        ? { active: 'active', sub: 'running', description: 'containerd container runtime' }
        : undefined;
    case 'amazon-ssm-agent':
      return host.ssmAgentInstalled
        ? { active: 'active', sub: 'running', description: 'amazon-ssm-agent' }
        : undefined;
    default:
      return undefined;
  }
}

const MODELLED_UNITS = new Set(['kubelet', 'containerd', 'amazon-ssm-agent']);

/**
 * `systemctl is-active|status|restart|start … UNIT…` for kubelet (crash-looping under `kubelet-crashloop`),
 * containerd and the SSM agent; other verbs and units are accepted with nothing to model.
 */
function systemctl(fleet: Fleet, host: Host, args: string[]): CommandResult {
  const [verb = '', ...units] = args
    .filter((a) => !a.startsWith('-'))
    .map((a) => a.replace(/\.service$/, ''));
  switch (verb) {
    case 'is-active': {
      const states = units.map((u) => unitState(host, u)?.active ?? 'inactive');
      const quiet = args.includes('--quiet') || args.includes('-q');
      return {
        status: states.every((s) => s === 'active') ? 0 : 3,
        stdout: quiet ? '' : states.map((s) => `${s}\n`).join(''),
        stderr: '',
      };
    }
    case 'status': {
      const unit = units[0] ?? '';
      const state = unitState(host, unit);
      if (!state) return { status: 4, stdout: '', stderr: `Unit ${unit}.service could not be found.\n` };
      const active =
        state.active === 'activating'
          ? 'activating (auto-restart) (Result: exit-code)'
          : `${state.active} (${state.sub})`;
      return {
        status: state.active === 'active' ? 0 : 3,
        stdout:
          [
            `● ${unit}.service - ${state.description}`,
            `     Loaded: loaded (/etc/systemd/system/${unit}.service; enabled; preset: enabled)`,
            `     Active: ${active} since ${fleet.now().toUTCString()}`,
          ].join('\n') + '\n',
        stderr: '',
      };
    }
    case 'restart':
    case 'start':
    case 'try-restart':
    case 'reload-or-restart': {
      const missing = units.find((u) => MODELLED_UNITS.has(u) && !unitState(host, u));
      if (missing)
        return {
          status: 5,
          stdout: '',
          stderr: `Failed to ${verb} ${missing}.service: Unit ${missing}.service not found.\n`,
        };
      if (units.includes('kubelet')) {
        restartKubelet(fleet, host);
        fleet.effects.count(host.name, `systemctl ${verb} kubelet`);
      }
      return ok();
    }
    default:
      return ok();
  }
}

/**
 * `journalctl -u kubelet [--since …] [--no-pager] [-o cat]`: the kubelet's recent lines, as its faults make
 * it log; `-o cat` prints the messages alone, without journald's date, host and unit prefix.
 */
function journalctl(fleet: Fleet, host: Host, args: string[]): CommandResult {
  const at = args.findIndex((a) => a === '-u' || a === '--unit');
  const unit = (at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--unit='))?.slice(7))?.replace(
    /\.service$/,
    '',
  );
  const output =
    args.find((_a, i) => args[i - 1] === '-o' || args[i - 1] === '--output') ??
    args.find((a) => a.startsWith('--output='))?.slice(9);
  const kubelet = kubeletJournal(fleet, host, unit);
  if (!kubelet) return ok('-- No entries --\n');
  const lines =
    output === 'cat'
      ? kubelet.map((l) => l.replace(/^\w{3} \d{2} [\d:]{8} \S+ [\w.-]+\[\d+\]: /, ''))
      : kubelet;
  return ok(`${lines.join('\n')}\n`);
}

function kubeletJournal(fleet: Fleet, host: Host, unit: string | undefined): string[] | undefined {
  if (unit !== 'kubelet' || !host.node.installedVersion) return undefined;
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
    return lines;
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
  return lines;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** chrony's `Ref time (UTC)`: `Mon Dec 07 06:52:49 2026`. */
function chronyTime(t: Date): string {
  return `${DAYS[t.getUTCDay()]} ${stamp(t)} ${t.getUTCFullYear()}`;
}

/** journald's short format: `Dec 07 06:52:49`. */
function stamp(t: Date): string {
  return `${MONTHS[t.getUTCMonth()]} ${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

/** klog's header: `E1207 06:52:49.123456`. */
function klogTime(t: Date): string {
  const us = String(t.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}.${us}`;
}
