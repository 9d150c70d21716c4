import { auditMessage } from '../src/blocks/audit-message';
import { BotError, ErrorCode } from '../src/errors';
import { replyTo } from '../src/ports';
import type { CommandProcessor } from './job-context';

/** `/hybrid audit [--user U] [--limit N]`: the newest audit entries, to the requester only. */
export const auditList: CommandProcessor<'audit'> = async (job, deps) => {
  const { user, limit } = job.data.options;
  const n = limit === undefined ? 20 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new BotError(ErrorCode.Validation, '`--limit` must be a whole number from 1 to 100.');
  }
  // The grammar turns the mention Slack sends (`<@U…|name>`, the manifest escapes /hybrid) into its ID.
  const userId = typeof user === 'string' ? user : undefined;
  if (userId !== undefined && !/^[UW][A-Z0-9]+$/.test(userId)) {
    throw new BotError(
      ErrorCode.Validation,
      `\`${userId}\` is not a Slack user: type @ and pick the person from the list, or give their member ID (U…).`,
    );
  }
  const rows = await deps.audit.list({ user: userId, limit: n });
  await deps.outbox.send(replyTo(job.data.request, auditMessage(rows, { user: userId, limit: n })), {
    jobId: `reply-${job.id}`,
  });
  return { entries: rows.length };
};
