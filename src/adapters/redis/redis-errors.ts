import { ReplyError } from 'ioredis';

// What ioredis throws when it has no usable connection: offline queue off, retries spent,
// connection closed or refused, command timed out.
const UNREACHABLE =
  /Stream isn't writeable|max retries per request|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN/i;

/** True when an error came from Redis being out of reach or refusing the command, not from the bot. */
export function isRedisFailure(err: unknown): boolean {
  if (err instanceof ReplyError) return true;
  return (
    err instanceof Error && UNREACHABLE.test(`${err.message} ${(err as NodeJS.ErrnoException).code ?? ''}`)
  );
}
