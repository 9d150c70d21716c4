import type { PingStatus } from '../../domain/diagnostics/host-reachability';
import type { NodeadmCheck } from '../../domain/diagnostics/nodeadm-debug-output';
import type { HostDiagnostics } from '../../domain/diagnostics/parse-diagnostics';
import { redactSecrets } from '../../domain/diagnostics/redact-secrets';
import { counted } from '../../domain/plural';
import { context, header, section } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import { LIMITS, truncate } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';

export interface DiagnosedHost {
  name: string;
  managedInstanceId: string;
  cluster: string;
  site?: string;
}

/** A host whose diagnostics are summarized: one without an SSM agent (IAM Roles Anywhere) has no instance ID. */
export type SummarizedHost = Omit<DiagnosedHost, 'managedInstanceId'> & { managedInstanceId?: string };

/** How the output came: run by hand on the host and uploaded by someone, rather than through Run Command. */
export interface UploadedBy {
  user: string;
}

/** Failing checks shown one section each; the rest are counted. Leaves room for the other blocks. */
const FAILED_CHECKS_SHOWN = 10;
const KUBELET_LINES_SHOWN = 5;
const KUBELET_LINE_CHARS = 300;

/** Text from the host: secrets out, then safe for mrkdwn. */
const fromHost = (text: string) => escapeMrkdwn(redactSecrets(text));
/** Host text inside a code block, where a stray ``` would end the block early. */
const inCode = (text: string) => fromHost(text).replace(/```/g, "'''");

const instance = (host: SummarizedHost) =>
  host.managedInstanceId ? ` (\`${escapeMrkdwn(host.managedInstanceId)}\`)` : '';

function hostLabel(host: SummarizedHost): string {
  const site = host.site ? ` at site ${escapeMrkdwn(host.site)}` : '';
  return `*${escapeMrkdwn(host.name)}*${instance(host)} in ${escapeMrkdwn(host.cluster)}${site}`;
}

function nodeadmVerdict(d: HostDiagnostics): string {
  const failed = d.nodeadm.checks.filter((c) => !c.passed).length;
  const total = d.nodeadm.checks.length;
  if (d.nodeadm.timedOut)
    return `\`nodeadm debug\` did not finish within its time limit (${counted(failed, 'check')} failed before that).`;
  if (total === 0) {
    const said = d.nodeadm.tail.at(-1);
    return said
      ? `\`nodeadm debug\` ran no check: \`${inCode(truncate(said, 500))}\``
      : '`nodeadm debug` printed nothing.';
  }
  if (failed === 0) return `\`nodeadm debug\`: all ${counted(total, 'check')} passed.`;
  return `\`nodeadm debug\`: ${failed} of ${counted(total, 'check')} failed.`;
}

function checkSection(check: NodeadmCheck) {
  const errors = check.errors.map((e) => fromHost(e)).join('\n');
  const fixes = check.remediations.map((r) => `_Fix:_ ${fromHost(r)}`).join('\n');
  return section([`:x: *${fromHost(check.title)}*`, errors, fixes].filter(Boolean).join('\n'));
}

function hostState(d: HostDiagnostics): string[] {
  const lines: string[] = [];
  const down = Object.entries(d.services).filter(([, state]) => state !== 'active');
  if (down.length > 0)
    lines.push(`:warning: Not active: ${down.map(([s, state]) => `${s} (${fromHost(state)})`).join(', ')}.`);
  const full = d.disks.filter((disk) => 100 - disk.usedPercent < 10);
  if (d.diskPressure)
    lines.push(
      `:warning: Disk pressure: ${full.map((disk) => `${fromHost(disk.mount)} ${disk.usedPercent}% used`).join(', ')}.`,
    );
  if (d.memory) {
    const mib = Math.round(d.memory.availableKiB / 1024);
    lines.push(
      `${d.memoryPressure ? ':warning: Memory pressure: ' : 'Memory: '}${mib} MiB available of ${Math.round(d.memory.totalKiB / 1024)} MiB.`,
    );
  }
  const { offsetSeconds, synchronized } = d.clock;
  if (offsetSeconds !== undefined)
    lines.push(
      `Clock: ${Math.abs(offsetSeconds).toPrecision(2)} s ${offsetSeconds < 0 ? 'slow' : 'fast'} of NTP time.`,
    );
  if (synchronized === false) lines.push(':warning: Clock: not synchronized with NTP.');
  return lines;
}

function versionsLine(d: HostDiagnostics): string {
  const v = d.versions;
  const parts = [
    v.os && `OS ${fromHost(v.os)}`,
    v.kernel && `kernel ${fromHost(v.kernel)}`,
    v.nodeadm && `nodeadm ${fromHost(v.nodeadm)}`,
    v.containerd && `containerd ${fromHost(v.containerd)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Versions: not reported.';
}

/**
 * The summary of a host's diagnostics: nodeadm's failing checks with its own remediation, the
 * services not running, the kubelet's last errors, pressures, clock and versions. Everything from
 * the host is redacted and escaped; the full output goes to the thread as a file.
 */
export function hostDebugMessage(
  host: SummarizedHost,
  d: HostDiagnostics,
  checkedAt: number,
  uploaded?: UploadedBy,
): SlackMessage {
  const failed = d.nodeadm.checks.filter((c) => !c.passed);
  const shown = failed.slice(0, FAILED_CHECKS_SHOWN);
  const kubelet = d.kubeletErrors.slice(-KUBELET_LINES_SHOWN).map((l) => truncate(l, KUBELET_LINE_CHARS));
  const state = hostState(d);
  const verdict = nodeadmVerdict(d);
  const blocks = [
    header(`Host debug: ${host.name}`),
    section(`${hostLabel(host)}\n${verdict}`),
    ...shown.map(checkSection),
    ...(failed.length > shown.length
      ? [context(`${counted(failed.length - shown.length, 'more failed check')} in the full output.`)]
      : []),
    ...(state.length > 0 ? [section(state.join('\n'))] : []),
    ...(kubelet.length > 0
      ? [
          section(
            `*The kubelet's last ${counted(kubelet.length, 'error line')}:*\n\`\`\`${kubelet.map(inCode).join('\n')}\`\`\``,
          ),
        ]
      : []),
    ...(d.missing.length > 0
      ? [
          context(
            `:warning: Output cut short: no ${d.missing.join(', ')} section${d.missing.length === 1 ? '' : 's'}.`,
          ),
        ]
      : []),
    context(
      versionsLine(d),
      uploaded
        ? `Run by hand on the host; output uploaded by <@${uploaded.user}> ${slackDate(checkedAt)}`
        : `Checked ${slackDate(checkedAt)}`,
    ),
  ];
  const text = [
    `Host debug for ${escapeMrkdwn(host.name)}${host.managedInstanceId ? ` (${escapeMrkdwn(host.managedInstanceId)})` : ''}: ${verdict}`,
    ...failed.map((c) => `failed: ${fromHost(c.title)}`),
  ]
    .join('\n')
    .slice(0, LIMITS.fallbackText);
  return { text, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

export interface UnreachableHost extends DiagnosedHost {
  pingStatus: PingStatus;
  /** SSM's LastPingDateTime, in epoch milliseconds. */
  lastPingAt?: number;
}

/** When SSM cannot reach the host, no command runs on it: say since when and where to look. */
export function hostUnreachableMessage(host: UnreachableHost): SlackMessage {
  const since = host.lastPingAt !== undefined ? ` since ${slackDate(host.lastPingAt)}` : '';
  const where = host.site
    ? `power or network at site ${escapeMrkdwn(host.site)}`
    : 'power or network at its site';
  const summary = `The host itself is unreachable${since}: ${where}.`;
  return {
    text: `${escapeMrkdwn(host.name)} (${escapeMrkdwn(host.managedInstanceId)}): ${summary}`,
    blocks: [
      header(`Host debug: ${host.name}`),
      section(`${hostLabel(host)}\n:electric_plug: ${summary}`),
      context(
        `SSM reports the agent ${host.pingStatus === 'Inactive' ? 'inactive' : 'out of contact'} (PingStatus ${host.pingStatus}), so no diagnostics could run on it.`,
      ),
    ],
  };
}
