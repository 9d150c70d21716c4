import { redactSecrets } from '../../domain/diagnostics/redact-secrets';
import { context, header, section } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import { truncate } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';
import type { DiagnosedHost } from './host-debug-message';

const label = (host: DiagnosedHost) =>
  `*${escapeMrkdwn(host.name)}* (\`${escapeMrkdwn(host.managedInstanceId)}\`) in ${escapeMrkdwn(host.cluster)}${host.site ? ` at site ${escapeMrkdwn(host.site)}` : ''}`;

/** The channel message while the Run Command runs; the summary replaces it. */
export function hostDebugRunningMessage(
  host: DiagnosedHost,
  o: { requester?: string; commandId: string; limitSeconds: number; startedAt: number },
): SlackMessage {
  const minutes = Math.ceil(o.limitSeconds / 60);
  const forWhom = o.requester ? ` for <@${o.requester}>` : '';
  return {
    text: `Diagnosing ${escapeMrkdwn(host.name)} (${escapeMrkdwn(host.managedInstanceId)})${forWhom}…`,
    blocks: [
      header(`Host debug: ${host.name}`),
      section(
        `:hourglass_flowing_sand: Diagnosing ${label(host)}${forWhom}: \`nodeadm debug\`, the kubelet's journal, services, disk, memory, clock and versions, through SSM Run Command (at most ${minutes} min).`,
      ),
      context(`Run Command \`${o.commandId}\` · started ${slackDate(o.startedAt)}`),
    ],
  };
}

/**
 * The Run Command ended without output the bot can read (SSM cancelled or timed it out, or the
 * agent failed to run it), or it never ended: what SSM said, and what to try.
 */
export function hostDebugFailedMessage(
  host: DiagnosedHost,
  o: { commandId: string; status: string; stderr?: string; waitedMinutes?: number },
): SlackMessage {
  const why =
    o.waitedMinutes !== undefined
      ? `the Run Command had not finished after ${o.waitedMinutes} min (SSM status ${escapeMrkdwn(o.status)})`
      : `the Run Command ended ${escapeMrkdwn(o.status)} with no output`;
  const stderr = o.stderr?.trim()
    ? `\n\`\`\`${escapeMrkdwn(truncate(redactSecrets(o.stderr.trim()), 1500)).replace(/```/g, "'''")}\`\`\``
    : '';
  return {
    text: `Host debug for ${escapeMrkdwn(host.name)}: ${why}.`,
    blocks: [
      header(`Host debug: ${host.name}`),
      section(`:warning: No diagnostics from ${label(host)}: ${why}.${stderr}`),
      context(
        `Run Command \`${escapeMrkdwn(o.commandId)}\`. Check the host's SSM agent (\`/hybrid host show ${escapeMrkdwn(host.name)} --cluster ${escapeMrkdwn(host.cluster)}\`), then run \`/hybrid host debug ${escapeMrkdwn(host.name)} --cluster ${escapeMrkdwn(host.cluster)}\` again.`,
      ),
    ],
  };
}

/** To the requester only: the diagnostics are on their way, and where they will be posted. */
export function hostDebugStartedReply(host: DiagnosedHost, channel: string): SlackMessage {
  const text = `Diagnosing ${escapeMrkdwn(host.name)} (\`${escapeMrkdwn(host.managedInstanceId)}\`) through SSM Run Command: the summary goes to <#${channel}>, the full output in its thread.`;
  return { text, blocks: [section(text)] };
}
