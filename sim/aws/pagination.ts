import type { AwsError } from './aws-error';

/** One page of a list, with an opaque token for the next one (AWS tokens are opaque too). */
export function paginate<T>(
  items: T[],
  maxResults: number,
  nextToken: string | undefined,
  invalidToken: () => AwsError,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken) {
    try {
      const decoded = JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8')) as { o?: unknown };
      if (typeof decoded.o !== 'number' || decoded.o < 0) throw new Error('bad token');
      offset = decoded.o;
    } catch {
      throw invalidToken();
    }
  }
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length
    ? { page, nextToken: Buffer.from(JSON.stringify({ o: next })).toString('base64url') }
    : { page };
}

/** Seconds since the epoch with milliseconds, as the JSON protocols send timestamps. */
export const epochSeconds = (d: Date) => d.getTime() / 1000;
