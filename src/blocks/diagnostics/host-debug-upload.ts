import {
  byHandOutputPath,
  UPLOAD_FILETYPES,
  UPLOAD_MAX_BYTES,
} from '../../domain/diagnostics/diagnostics-by-hand';
import type { HostDiagnostics } from '../../domain/diagnostics/parse-diagnostics';
import { redactSecrets } from '../../domain/diagnostics/redact-secrets';
import { RESTARTABLE_SERVICES } from '../../domain/hosts/host-restart-plan';
import { context, header, section } from '../elements';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackBlock, SlackMessage } from '../types';
import type { SummarizedHost } from './host-debug-message';
import { pointsTo } from './host-remedy-buttons';

export const HOST_DEBUG_UPLOAD_ACTION = 'host_debug_upload';
export const HOST_DEBUG_UPLOAD_VIEW = 'host_debug_upload';
export const UPLOAD_FILE_BLOCK = 'debug_output';
export const UPLOAD_FILE_ACTION = 'file';

/** Which host an Upload output button and its form are for. */
export interface UploadTarget {
  cluster: string;
  host: string;
}

/** The button's value or the form's private_metadata, if the bot made it. */
export function readUploadTarget(raw: string | undefined): UploadTarget | undefined {
  try {
    const v = JSON.parse(raw ?? '') as Partial<UploadTarget>;
    return typeof v.cluster === 'string' && typeof v.host === 'string' && v.cluster && v.host
      ? { cluster: v.cluster, host: v.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A command as a code block Slack shows as typed: `<`, `>` and `&` as entities, which Slack turns back. */
const code = (text: string) => `\`\`\`${escapeMrkdwn(text).replace(/```/g, "'''")}\`\`\``;

/**
 * An IAM Roles Anywhere host has no SSM agent, so nothing runs on it remotely: the requester gets the
 * one command to run there as root, and a button to upload the file it writes for the bot to read.
 */
export function hostDebugByHandMessage(
  host: { name: string; cluster: string },
  command: string,
): SlackMessage {
  const name = escapeMrkdwn(host.name);
  const file = byHandOutputPath(host.name);
  const text = `${name} in ${escapeMrkdwn(host.cluster)} joined through IAM Roles Anywhere and has no SSM agent, so the bot cannot run commands on it. Run this on the host as root (read-only; about 2 minutes at most); it writes its output to \`${file}\`:`;
  return {
    text,
    blocks: [
      header(`Host debug: ${host.name}`),
      section(text),
      section(code(command)),
      section(
        `Then press *Upload output* and attach \`${file}\`: the summary goes to the cluster's channel, the full output (secrets redacted) in its thread.`,
      ),
      {
        type: 'actions',
        block_id: `debug-upload-${host.name}`.slice(0, 255),
        elements: [
          {
            type: 'button',
            action_id: HOST_DEBUG_UPLOAD_ACTION,
            text: { type: 'plain_text', text: 'Upload output' },
            style: 'primary',
            value: JSON.stringify({ cluster: host.cluster, host: host.name } satisfies UploadTarget),
          },
        ],
      },
    ],
  };
}

const plain = (text: string) => ({ type: 'plain_text', text });

/** The upload form: one file, text only (Slack checks the extension; the bot checks again). */
export function hostDebugUploadModal(target: UploadTarget): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: HOST_DEBUG_UPLOAD_VIEW,
    private_metadata: JSON.stringify(target),
    title: plain('Upload host debug'),
    submit: plain('Upload'),
    close: plain('Cancel'),
    blocks: [
      section(
        `The output of the diagnostics command on *${escapeMrkdwn(target.host)}* (${escapeMrkdwn(target.cluster)}).`,
      ),
      {
        type: 'input',
        block_id: UPLOAD_FILE_BLOCK,
        label: plain(`The file ${byHandOutputPath(target.host)}`),
        hint: plain(
          `Text, at most ${UPLOAD_MAX_BYTES / 1024} KB. Secrets in it are redacted before anything is posted.`,
        ),
        element: {
          type: 'file_input',
          action_id: UPLOAD_FILE_ACTION,
          filetypes: UPLOAD_FILETYPES,
          max_files: 1,
        },
      },
    ],
  };
}

/** To the uploader only: the upload was not read, and why. */
export function uploadRefusedMessage(host: string, problem: string): SlackMessage {
  // The problem may quote the file (the host it names): redacted as everything from a host is.
  const text = `:warning: The upload for ${escapeMrkdwn(host)} was not read: ${escapeMrkdwn(redactSecrets(problem))}`;
  return { text, blocks: [section(text)] };
}

/** To the uploader only: where the summary went. */
export function uploadReadReply(host: string, channel: string): SlackMessage {
  const text = `Read the diagnostics of ${escapeMrkdwn(host)}: the summary is in <#${channel}>, the full output (secrets redacted) in its thread.`;
  return { text, blocks: [section(text)] };
}

/**
 * The remedies under an uploaded summary: the host has no SSM agent, so no button can run them;
 * they are commands to run there as root, the one the diagnostics point to first.
 */
export function byHandRemedies(host: SummarizedHost, d: HostDiagnostics): SlackBlock[] {
  const ordered = [...RESTARTABLE_SERVICES].sort((a, b) => Number(pointsTo(d, b)) - Number(pointsTo(d, a)));
  const lines = ordered.map(
    (s) =>
      `• Restart ${s}${pointsTo(d, s) ? ' (the diagnostics point here)' : ''}: \`systemctl restart ${s}\``,
  );
  return [
    section(
      `*Remedies*, to run on the host as root (it has no SSM agent, so the bot cannot):\n${lines.join('\n')}`,
    ),
    context(
      `Then check again: \`/hybrid host debug ${escapeMrkdwn(host.name)} --cluster ${escapeMrkdwn(host.cluster)}\`.`,
    ),
  ];
}
