import type { AuditEntry } from '../domain/audit-entry';
import { context, header, sectionsOfLines } from './elements';
import { escapeMrkdwn } from './mrkdwn';
import type { SlackMessage } from './types';

export function auditMessage(rows: AuditEntry[], filter: { user?: string; limit: number }): SlackMessage {
  const scope = filter.user ? ` by ${userShown(filter.user)}` : '';
  if (rows.length === 0) {
    return { text: `No audit entries${scope}.`, blocks: sectionsOfLines([`No audit entries${scope}.`]) };
  }
  const lines = rows.map(
    (r) =>
      `<!date^${Math.floor(r.at / 1000)}^{date_short_pretty} {time_secs}|${new Date(r.at).toISOString()}> <@${r.user}> in <#${r.channel}>: \`${escapeMrkdwn(r.command)}\` → *${r.outcome}*${r.detail ? ` (${escapeMrkdwn(r.detail)})` : ''}`,
  );
  return {
    text: `Audit trail: ${rows.length} entries${scope}`,
    blocks: [
      header('Audit trail'),
      ...sectionsOfLines(lines),
      context(`Newest first; ${rows.length} shown (limit ${filter.limit}).`),
    ],
  };
}

/** A user ID as a mention; anything else typed after --user is shown as typed. */
function userShown(user: string): string {
  return /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : `\`${escapeMrkdwn(user)}\``;
}
