import type { HostRegistration } from '../../domain/host-registration';
import { context, header, section, sectionsOfLines } from '../elements';
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
    ? `:white_check_mark: Done: ${p.issued} of ${p.total} hosts issued${p.failed.length ? `, ${p.failed.length} failed` : ''}.`
    : `:hourglass_flowing_sand: ${p.issued + p.failed.length} of ${p.total} hosts processed (${p.issued} issued).`;
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

/**
 * Every host's activation in one message to the requester, with the commands once: each host
 * needs the generic NodeConfig with its own ID and code. `codes` stays in memory only.
 */
export function bulkSecretsMessage(
  cluster: string,
  rows: readonly BulkSecret[],
  codes: ReadonlyMap<string, string>,
  template: string[],
  expiresAt: number,
): SlackMessage {
  const lines = rows.map((r) =>
    r.activationId
      ? `${r.registration.name},${r.activationId},${codes.get(r.registration.name) ?? ''}`
      : `${r.registration.name},iam-ra (nodeName ${r.registration.name}),`,
  );
  const csv = chunk(['name,activationId,activationCode', ...lines], 2900).map((part) =>
    section(`\`\`\`${part}\`\`\``),
  );
  return {
    text: `Bootstraps for ${rows.length} hosts of ${cluster}: only you can see this.`,
    blocks: [
      header(`Bootstraps for ${rows.length} hosts (${cluster})`),
      section(
        `Each activation registers one host, once, until ${slackDate(expiresAt)}. On each host, put its activation ID and code into the NodeConfig below and run the commands as root.`,
      ),
      section(`\`\`\`${template.join('\n')}\`\`\``),
      ...csv,
      context('Only you received this. The channel sees the progress, never the codes.'),
    ],
  };
}

function chunk(lines: string[], max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > max) {
      parts.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) parts.push(current);
  return parts;
}
