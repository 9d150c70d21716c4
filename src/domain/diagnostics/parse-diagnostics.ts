import {
  DIAGNOSED_SERVICES,
  DIAGNOSTIC_SECTIONS,
  type DiagnosticSection,
  sectionMarker,
} from './diagnostics-script';
import { type NodeadmCheck, parseNodeadmDebug } from './nodeadm-debug-output';

export interface DiskUse {
  mount: string;
  usedPercent: number;
}

export interface HostDiagnostics {
  nodeadm: {
    /** nodeadm's exit status; 124 when the time bound stopped it; absent when the output was cut before it. */
    exitStatus?: number;
    timedOut: boolean;
    checks: NodeadmCheck[];
    /** nodeadm's last lines, for when it stopped before any check (a NodeConfig it cannot read). */
    tail: string[];
  };
  /** Each diagnosed service's `systemctl is-active` answer; `unknown` when none came. */
  services: Record<string, string>;
  /** The kubelet journal's error lines (klog `E…` lines, or lines saying error/failed), oldest first. */
  kubeletErrors: string[];
  disks: DiskUse[];
  /** A mount with less than 10% free: the kubelet's default `nodefs.available<10%` eviction threshold. */
  diskPressure: boolean;
  memory?: { totalKiB: number; availableKiB: number };
  /** Less than 100 MiB available: the kubelet's default `memory.available<100Mi` eviction threshold. */
  memoryPressure: boolean;
  clock: { offsetSeconds?: number; synchronized?: boolean };
  versions: { kernel?: string; os?: string; nodeadm?: string; containerd?: string };
  /** Sections absent from the output: the command was cut short or SSM truncated its output. */
  missing: DiagnosticSection[];
}

const DISK_PRESSURE_FREE_PERCENT = 10;
const MEMORY_PRESSURE_KIB = 100 * 1024;
const KUBELET_ERRORS_KEPT = 20;

/** The diagnostics script's output (see diagnosticsScript) as typed facts. */
export function parseDiagnostics(stdout: string): HostDiagnostics {
  const sections = splitSections(stdout);
  const nodeadmLines = sections.get('nodeadm-debug') ?? [];
  const exitLine = [...nodeadmLines].reverse().find((l) => /^exit=\d+$/.test(l.trim()));
  const exitStatus = exitLine ? Number(exitLine.trim().slice('exit='.length)) : undefined;
  const nodeadmOutput = nodeadmLines.filter((l) => l !== exitLine).join('\n');
  const disks = parseDisks(sections.get('pressure') ?? []);
  const memory = parseMemory(sections.get('pressure') ?? []);
  return {
    nodeadm: {
      exitStatus,
      timedOut: exitStatus === 124,
      checks: parseNodeadmDebug(nodeadmOutput),
      tail: nodeadmLines
        .filter((l) => l !== exitLine && l.trim())
        .slice(-5)
        .map((l) => l.trim()),
    },
    services: parseServices(sections.get('services') ?? []),
    kubeletErrors: (sections.get('kubelet-journal') ?? [])
      .filter(isErrorLine)
      .map((l) => l.trim())
      .slice(-KUBELET_ERRORS_KEPT),
    disks,
    diskPressure: disks.some((d) => 100 - d.usedPercent < DISK_PRESSURE_FREE_PERCENT),
    memory,
    memoryPressure: memory !== undefined && memory.availableKiB < MEMORY_PRESSURE_KIB,
    clock: parseClock(sections.get('clock') ?? []),
    versions: parseVersions(sections.get('versions') ?? []),
    missing: DIAGNOSTIC_SECTIONS.filter((s) => !sections.has(s)),
  };
}

function splitSections(stdout: string): Map<DiagnosticSection, string[]> {
  const byMarker = new Map(DIAGNOSTIC_SECTIONS.map((s) => [sectionMarker(s), s]));
  const sections = new Map<DiagnosticSection, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.replace(/\r\n/g, '\n').split('\n')) {
    const section = byMarker.get(line.trim());
    if (section) {
      current = [];
      sections.set(section, current);
    } else current?.push(line);
  }
  return sections;
}

/** klog's error prefix (`E1207 14:02:11.123456 …`), or a line that says it is an error or failure. */
function isErrorLine(line: string): boolean {
  return /^E\d{4} \d{2}:\d{2}:\d{2}/.test(line.trim()) || /\b(error|failed)\b/i.test(line);
}

function parseServices(lines: string[]): Record<string, string> {
  const states: Record<string, string> = Object.fromEntries(DIAGNOSED_SERVICES.map((s) => [s, 'unknown']));
  for (const line of lines) {
    const m = /^([\w.-]+)=(\S*)/.exec(line.trim());
    if (m?.[1] && m[1] in states) states[m[1]] = m[2] || 'unknown';
  }
  return states;
}

/** `df -P` rows: filesystem, blocks, used, available, capacity (`87%`), mount point. */
function parseDisks(lines: string[]): DiskUse[] {
  const seen = new Set<string>();
  const disks: DiskUse[] = [];
  for (const line of lines) {
    const m = /^\S+\s+\d+\s+\d+\s+\d+\s+(\d+)%\s+(\S.*)$/.exec(line.trim());
    if (!m?.[1] || !m[2] || seen.has(m[2])) continue;
    seen.add(m[2]);
    disks.push({ mount: m[2], usedPercent: Number(m[1]) });
  }
  return disks;
}

function parseMemory(lines: string[]): HostDiagnostics['memory'] {
  const kib = (key: string) => {
    const line = lines.find((l) => l.startsWith(`${key}:`));
    const m = line ? /(\d+)\s*kB/.exec(line) : null;
    return m?.[1] ? Number(m[1]) : undefined;
  };
  const totalKiB = kib('MemTotal');
  const availableKiB = kib('MemAvailable');
  return totalKiB !== undefined && availableKiB !== undefined ? { totalKiB, availableKiB } : undefined;
}

/** chrony's `System time : 0.000012 seconds fast of NTP time` and timedatectl's NTPSynchronized. */
function parseClock(lines: string[]): HostDiagnostics['clock'] {
  const clock: HostDiagnostics['clock'] = {};
  for (const line of lines) {
    const offset = /^System time\s*:\s*([\d.]+) seconds (fast|slow)/.exec(line.trim());
    if (offset?.[1]) clock.offsetSeconds = Number(offset[1]) * (offset[2] === 'slow' ? -1 : 1);
    const synced = /^ntp-synchronized=(yes|no)$/.exec(line.trim());
    if (synced) clock.synchronized = synced[1] === 'yes';
  }
  return clock;
}

function parseVersions(lines: string[]): HostDiagnostics['versions'] {
  const value = (key: string) => {
    const line = lines.find((l) => l.startsWith(`${key}=`));
    const v = line?.slice(key.length + 1).trim();
    return v ? v : undefined;
  };
  const version = (text: string | undefined) =>
    text ? /v?\d+\.\d+\.\d+[\w.+-]*/.exec(text)?.[0] : undefined;
  return {
    kernel: value('kernel'),
    os: value('os'),
    nodeadm: version(value('nodeadm')),
    containerd: version(value('containerd')),
  };
}
