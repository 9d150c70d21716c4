import { HOST_FILES } from '../hosts/host-files';

/** The sections of the diagnostics output, in the order the script prints them. */
export const DIAGNOSTIC_SECTIONS = [
  'nodeadm-debug',
  'services',
  'kubelet-journal',
  'pressure',
  'clock',
  'versions',
] as const;
export type DiagnosticSection = (typeof DIAGNOSTIC_SECTIONS)[number];

/** The line that opens a section: unique enough that no tool's own output starts with it. */
export function sectionMarker(section: DiagnosticSection): string {
  return `=== hybrid-bot: ${section} ===`;
}

/** The services whose state the summary shows. */
export const DIAGNOSED_SERVICES = ['kubelet', 'containerd', 'amazon-ssm-agent'] as const;

/**
 * Most bytes each section may print. SSM keeps only the first 24,000 characters of a Run Command's
 * standard output in GetCommandInvocation's StandardOutputContent, so the sections the summary
 * needs come first (nodeadm's checks, then services and the kubelet's errors) and the bounds add up
 * to well under that (about 17,000 with the markers), leaving room for multi-byte characters.
 */
export const SECTION_BYTES: Record<DiagnosticSection, number> = {
  'nodeadm-debug': 8000,
  services: 300,
  'kubelet-journal': 6000,
  pressure: 1500,
  clock: 500,
  versions: 600,
};

/** Seconds `nodeadm debug` may run: its network checks wait on timeouts of their own. */
export const NODEADM_DEBUG_SECONDS = 60;
/** How far back the kubelet's journal is read. */
export const KUBELET_JOURNAL_MINUTES = 15;

/**
 * The Run Command's executionTimeout: above the sum of the script's own `timeout`s (60 + 3×5 + 20
 * + 10 + 2×5 + 2×10 = 135 s) so that SSM never kills the script before it has printed every section.
 */
export const DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS = 180;

export interface DiagnosticsScriptOptions {
  /** The NodeConfig `nodeadm debug` validates; the one the bot writes for pool hosts unless given. */
  nodeConfigPath?: string;
}

/**
 * The shell the Run Command (AWS-RunShellScript, run by `sh`) runs on the host: read-only, each
 * part bounded in time (`timeout`) and size (`tail`, `head -c`), each part's exit status printed,
 * so that one hung or chatty tool neither stalls the command nor crowds out the other sections.
 */
export function diagnosticsScript(opts: DiagnosticsScriptOptions = {}): string {
  const nodeConfig = opts.nodeConfigPath ?? HOST_FILES.nodeConfig;
  const bytes = SECTION_BYTES;
  // On a line of its own even when the section before was cut mid-line by `head -c`.
  const open = (s: DiagnosticSection) => `printf '\\n%s\\n' '${sectionMarker(s)}'`;
  return [
    'export LC_ALL=C',
    open('nodeadm-debug'),
    // Captured first so the exit status is nodeadm's own (124 when the timeout stopped it), not the pipe's.
    `out=$(timeout ${NODEADM_DEBUG_SECONDS} nodeadm debug -c file://${nodeConfig} --no-color 2>&1); status=$?`,
    `printf '%s\\n' "$out" | tail -n 200 | head -c ${bytes['nodeadm-debug']}`,
    'echo "exit=$status"',
    open('services'),
    `for s in ${DIAGNOSED_SERVICES.join(' ')}; do echo "$s=$(timeout 5 systemctl is-active "$s" 2>/dev/null || true)"; done | head -c ${bytes.services}`,
    open('kubelet-journal'),
    `timeout 20 journalctl -u kubelet --since '${KUBELET_JOURNAL_MINUTES} minutes ago' --no-pager -o cat 2>&1 | tail -n 60 | head -c ${bytes['kubelet-journal']}`,
    open('pressure'),
    `(timeout 10 df -P / /var/lib/kubelet /var/lib/containerd 2>/dev/null; grep -E '^(MemTotal|MemAvailable):' /proc/meminfo) | head -c ${bytes.pressure}`,
    open('clock'),
    `(timeout 5 chronyc tracking 2>/dev/null | grep -E '^(System time|Leap status)'; echo "ntp-synchronized=$(timeout 5 timedatectl show -p NTPSynchronized --value 2>/dev/null)") | head -c ${bytes.clock}`,
    open('versions'),
    `(echo "kernel=$(uname -r)"; echo "os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)"; echo "nodeadm=$(timeout 10 nodeadm --version 2>&1 | head -n 1)"; echo "containerd=$(timeout 10 containerd --version 2>&1 | head -n 1)") | head -c ${bytes.versions}`,
    'exit 0',
  ].join('\n');
}
