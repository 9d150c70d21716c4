import { auditMessage } from '../src/blocks/audit-message';
import { BotError, ErrorCode } from '../src/errors';
import { replyTo } from '../src/ports';
import type { CommandProcessor } from './job-context';

/** `/hybrid audit [--user U] [--limit N]`: the newest audit entries, to the requester only. */
export const auditList: CommandProcessor = async (job, deps) => {
  const { user, limit } = job.data.options;
  const n = limit === undefined ? 20 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new BotError(ErrorCode.Validation, '`--limit` must be a whole number from 1 to 100.');
  }
  // Accept a bare ID or the <@U…|name> form Slack sends for a mention.
  const userId =
    typeof user === 'string' ? (/^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(user)?.[1] ?? user) : undefined;
  const rows = await deps.audit.list({ user: userId, limit: n });
  await deps.outbox.send(replyTo(job.data.request, auditMessage(rows, { user: userId, limit: n })), {
    jobId: `reply-${job.id}`,
  });
  return { entries: rows.length };
};
