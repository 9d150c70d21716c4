import { pongMessage } from '../src/blocks/simple-messages';
import { replyTo } from '../src/ports';
import type { CommandProcessor } from './job-context';

/** `/hybrid ping`: proves the queue and the workers answer, and how quickly. */
export const ping: CommandProcessor<'ping'> = async (job, deps) => {
  const started = job.processedOn ?? deps.clock.now();
  const queueLatencyMs = Math.max(0, started - job.timestamp);
  const totalMs = Math.max(0, deps.clock.now() - job.data.request.receivedAt);
  await deps.outbox.send(replyTo(job.data.request, pongMessage(queueLatencyMs, totalMs)), {
    jobId: `reply-${job.id}`,
  });
  return { queueLatencyMs };
};
