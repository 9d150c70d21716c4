import { sectionMarker } from './diagnostics-script';
import { parseDiagnostics } from './parse-diagnostics';

/**
 * The light fact collection `/hybrid doctor <cluster> --hosts` sends to many hosts at once: read-only,
 * a few seconds (every tool under `timeout 5`), a bounded output, and no parameter worth hiding.
 * Its versions and clock sections are the full diagnostics script's, so one parser reads both.
 */

/** The section only this script prints; it comes first, where the diagnostics parser reads nothing. */
export const SWAP_MARKER = '=== hybrid-bot: swap ===';

/**
 * Most bytes each section prints. ListCommandInvocations (with Details) returns the first 2,500
 * characters of each host's output: one call a page reads the results of 50 hosts.
 */
const BYTES = { swap: 300, versions: 600, clock: 500 } as const;

/** Above the script's own `timeout`s (6 × 5 s): SSM never cuts it before its last section. */
export const HOST_FACTS_EXECUTION_TIMEOUT_SECONDS = 60;

/** The commands of the Run Command (AWS-RunShellScript runs them with `sh`). */
export function hostFactsScript(): string[] {
  const open = (marker: string) => `printf '\\n%s\\n' '${marker}'`;
  return [
    'export LC_ALL=C',
    open(SWAP_MARKER),
    // swapon's status tells "no swap" (nothing listed) from "could not tell" (swapon failed).
    'swaps=$(timeout 5 swapon --show=NAME --noheadings 2>/dev/null); echo "swapon-exit=$?"',
    `printf '%s\\n' "$swaps" | head -n 5 | head -c ${BYTES.swap}`,
    open(sectionMarker('versions')),
    `(echo "kernel=$(uname -r)"; echo "os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)"; echo "nodeadm=$(timeout 5 nodeadm --version 2>&1 | head -n 1)"; echo "containerd=$(timeout 5 containerd --version 2>&1 | head -n 1)") | head -c ${BYTES.versions}`,
    open(sectionMarker('clock')),
    `(timeout 5 chronyc tracking 2>/dev/null | grep -E '^(System time|Leap status)'; echo "ntp-synchronized=$(timeout 5 timedatectl show -p NTPSynchronized --value 2>/dev/null)") | head -c ${BYTES.clock}`,
    'exit 0',
  ];
}

/** What one host's fact collection found; a field is absent when the host could not tell. */
export interface CollectedHostFacts {
  kernel?: string;
  /** /etc/os-release's PRETTY_NAME. */
  os?: string;
  nodeadm?: string;
  containerd?: string;
  swapOn?: boolean;
  /** Positive: the clock is ahead of NTP time. */
  clockOffsetSeconds?: number;
  clockSynchronized?: boolean;
}

/** The fact script's output (see hostFactsScript) as facts. */
export function parseHostFacts(stdout: string): CollectedHostFacts {
  const { versions, clock } = parseDiagnostics(stdout);
  const swapOn = parseSwap(stdout);
  return {
    ...(versions.kernel ? { kernel: versions.kernel } : {}),
    ...(versions.os ? { os: versions.os } : {}),
    ...(versions.nodeadm ? { nodeadm: versions.nodeadm } : {}),
    ...(versions.containerd ? { containerd: versions.containerd } : {}),
    ...(swapOn !== undefined ? { swapOn } : {}),
    ...(clock.offsetSeconds !== undefined ? { clockOffsetSeconds: clock.offsetSeconds } : {}),
    ...(clock.synchronized !== undefined ? { clockSynchronized: clock.synchronized } : {}),
  };
}

/** Swap is on when swapon listed a device or file (a path); unknown when swapon itself failed. */
function parseSwap(stdout: string): boolean | undefined {
  const lines = stdout.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => l.trim() === SWAP_MARKER);
  if (start < 0) return undefined;
  const section: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith('=== hybrid-bot: ')) break;
    section.push(line.trim());
  }
  const exit = section.find((l) => /^swapon-exit=\d+$/.test(l));
  if (exit !== 'swapon-exit=0') return undefined;
  return section.some((l) => l.startsWith('/'));
}
