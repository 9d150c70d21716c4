import { type BulkRowError, describeBulkErrors } from '../../domain/bulk-hosts-csv';
import type { HostRegistration } from '../../domain/host-registration';
import { DEFAULT_CERTIFICATE_PATH, DEFAULT_PRIVATE_KEY_PATH } from '../../domain/node-config';
import { counted } from '../../domain/plural';
import { context, section, sectionsOfLines } from '../elements';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';
import { slackDate } from './slack-dates';

export interface BulkProgress {
  cluster: string;
  requester: string;
  total: number;
  issued: number;
  failed: string[];
  done: boolean;
}

/** The one channel message a bulk registration updates in place; it never holds a code. */
export function bulkProgressMessage(p: BulkProgress): SlackMessage {
  const state = p.done
    ? `:white_check_mark: Done: ${p.issued} of ${counted(p.total, 'host')} issued${p.failed.length ? `, ${p.failed.length} failed` : ''}.`
    : `:hourglass_flowing_sand: ${p.issued + p.failed.length} of ${counted(p.total, 'host')} processed (${p.issued} issued).`;
  const text = `Bulk registration for *${p.cluster}* by <@${p.requester}>: ${state}`;
  const blocks = [section(text)];
  if (p.failed.length > 0)
    blocks.push(...sectionsOfLines(p.failed.slice(0, 50).map((f) => `• ${f}`)).slice(0, 5));
  blocks.push(context('Bootstraps went to the requester only.'));
  return { text, blocks };
}

export interface BulkSecret {
  registration: HostRegistration;
  activationId?: string;
}

/** A file shared with the requester only: every host's credential as CSV, the commands in its comment. */
export interface SecretsFile {
  filename: string;
  title: string;
  content: string;
  comment: string;
}

/**
 * Every host's activation in one CSV file for the requester, with the commands once: each host
 * needs them with its own ID and code. `codes` stays in memory only. Without `join` the commands
 * register each host only, and IAM Roles Anywhere hosts are told where their certificate goes.
 */
export function bulkSecretsFile(
  cluster: string,
  rows: readonly BulkSecret[],
  codes: ReadonlyMap<string, string>,
  template: string[],
  expiresAt: number,
  join = false,
): SecretsFile {
  // Each host's site too: with join, the NodeConfig labels the node with it (<SITE>).
  const lines = rows.map((r) =>
    r.activationId
      ? `${r.registration.name},${r.activationId},${codes.get(r.registration.name) ?? ''},${r.registration.site}`
      : `${r.registration.name},iam-ra (nodeName ${r.registration.name}),,${r.registration.site}`,
  );
  return {
    filename: `${cluster}-bootstraps.csv`,
    title: `Bootstraps for ${counted(rows.length, 'host')} (${cluster})`,
    content: `${['name,activationId,activationCode,site', ...lines].join('\n')}\n`,
    comment: [
      `Bootstraps for ${counted(rows.length, 'host')} of ${cluster}: only you received this file; the channel sees the progress, never the codes.`,
      join
        ? `Each activation registers one host, once, until ${slackDate(expiresAt)}. On each host, put its activation ID, code and site into the NodeConfig below and run the commands as root; the host joins the cluster at once:`
        : `Each activation registers one host, once, until ${slackDate(expiresAt)}. On each host, put its activation ID and code into the commands below and run them as root; the host becomes an SSM managed instance, and a pool joins it later:`,
      `\`\`\`${template.join('\n')}\`\`\``,
      ...(!join && rows.some((r) => !r.activationId)
        ? [
            `IAM Roles Anywhere hosts are registered as they are: place each one's certificate at ${DEFAULT_CERTIFICATE_PATH} and its key at ${DEFAULT_PRIVATE_KEY_PATH} (the certificate's CN must equal the host name); a pool sends the nodeadm commands later.`,
          ]
        : []),
    ].join('\n'),
  };
}

/** Tells the requester, where they asked, that the file is waiting in their direct messages. */
export function bulkSecretsSentMessage(cluster: string, hosts: number): SlackMessage {
  const text = `:key: Bootstraps for ${counted(hosts, 'host')} of ${cluster} are in a file in your direct messages with hybrid-bot; only you can see it.`;
  return { text, blocks: [section(text)] };
}

/**
 * A bulk registration refused row by row. The rows quote what the user pasted (a host named
 * `<!channel>` among them), so every line is escaped: shown, never acted on.
 */
export function bulkRowsRefusedMessage(errors: readonly BulkRowError[]): SlackMessage {
  const text = ':x: Nothing was registered: fix these rows and submit again.';
  const lines = [text, ...describeBulkErrors(errors).map(escapeMrkdwn)];
  return { text, blocks: sectionsOfLines(lines).slice(0, 45) };
}
