import { createHash } from 'node:crypto';

/**
 * A stable ID for one Slack request, the same on every redelivery of it, and safe as a BullMQ
 * job ID (no ':').
 */
export function requestIdOf(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
