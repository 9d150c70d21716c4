import type { Queue } from 'bullmq';
import type { OutboxJobData } from '../../job-data';
import type { Outbox } from '../../ports';
import type { MessageSlots } from '../redis/message-slots';
import type { SecretBox } from '../secret-box';
import { safeJobId } from './queues';

/** How long a slot message's redraw waits for a newer one to supersede it. */
export const REDRAW_COALESCE_MS = 300;

/**
 * The outbox as jobs see it. Slot messages get their version number; a secret message is sealed
 * before it reaches Redis (it may wait there for hours while Slack is down) and leaves Redis as soon
 * as it is sent or given up.
 */
export function createOutbox(queue: Queue<OutboxJobData>, slots: MessageSlots, box: SecretBox): Outbox {
  return {
    send: async (message, opts) => {
      const versioned =
        message.kind === 'post' && message.slot
          ? { ...message, seq: message.seq ?? (await slots.nextVersion(message.slot)) }
          : message;
      const secret = 'secret' in message && message.secret;
      const data: OutboxJobData = secret
        ? {
            kind: message.kind,
            sealed: box.seal(JSON.stringify(versioned)),
            ...('carries' in message && message.carries ? { carries: message.carries } : {}),
          }
        : versioned;
      // A redraw waits a moment: a burst of redraws (steps ending together) becomes one chat.update,
      // since the outbox skips a version a newer one supersedes.
      const redraw = 'seq' in versioned && typeof versioned.seq === 'number' && versioned.seq > 1;
      await queue.add(message.kind, data, {
        ...(opts?.jobId ? { jobId: safeJobId(opts.jobId) } : {}),
        ...(redraw ? { delay: REDRAW_COALESCE_MS } : {}),
        ...(secret ? { removeOnComplete: true, removeOnFail: true } : {}),
      });
    },
    reserveVersion: (slot) => slots.nextVersion(slot),
  };
}
