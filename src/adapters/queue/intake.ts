import { context, propagation } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import type { BackgroundPayload, BackgroundWork } from '../../background-jobs';
import type { CommandJobName } from '../../domain/commands';
import type { CommandJobData } from '../../job-data';
import { key } from '../redis/connection';
import { safeJobId } from './queues';

/**
 * The intake stream: Slack requests land here in one cheap XADD (inside the request's own Lua
 * script), and the workers' dispatcher turns each entry into its BullMQ job. A BullMQ add costs
 * several times an XADD, and the request path has to ack within Slack's 3 seconds.
 */
export const INTAKE_STREAM = key('intake');

/**
 * One job to start; its BullMQ job ID is derived from the Slack request, so a redelivery adds no second job.
 * `traceContext`: the request's trace (W3C headers as JSON, BullMQ's own form), when traces are on.
 */
export type IntakeItem = (
  | { queue: 'commands'; name: string; jobId: string; data: CommandJobData }
  /** A button click's or an event's work (a change decision, an alert snooze, a Home tab refresh). */
  | { queue: 'background'; name: string; jobId: string; data: BackgroundPayload }
) & { traceContext?: string };

export function commandIntake<N extends CommandJobName>(
  data: CommandJobData<N>,
  requestId: string,
): IntakeItem {
  return {
    queue: 'commands',
    name: data.command,
    jobId: safeJobId(`cmd-${requestId}`),
    data: data as CommandJobData,
  };
}

export function backgroundIntake(work: BackgroundWork, jobId: string): IntakeItem {
  return { queue: 'background', name: work.name, jobId: safeJobId(jobId), data: work.data };
}

/** XADD arguments after the stream key: the fields of one intake entry. */
export function intakeFields(item: IntakeItem): string[] {
  const fields = ['q', item.queue, 'n', item.name, 'id', item.jobId, 'd', JSON.stringify(item.data)];
  // The Slack request's trace goes with its work through the stream, so the job joins it. With
  // tracing off, nothing is injected.
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  if (Object.keys(carrier).length > 0) fields.push('tc', JSON.stringify(carrier));
  return fields;
}

export function parseIntakeFields(fields: string[]): IntakeItem | undefined {
  const get = (f: string) => fields[fields.indexOf(f) + 1];
  const data = get('d');
  const name = get('n');
  const jobId = get('id');
  const queue = get('q');
  const trace = fields.includes('tc') ? { traceContext: get('tc') } : {};
  if (!data || !name || !jobId) return undefined;
  if (queue === 'commands') return { queue, name, jobId, data: JSON.parse(data) as CommandJobData, ...trace };
  // Written by backgroundIntake from a typed BackgroundWork: name and data were checked together there.
  if (queue === 'background') {
    return { queue, name, jobId, data: JSON.parse(data) as BackgroundPayload, ...trace };
  }
  return undefined;
}

export class Intake {
  constructor(private readonly redis: Redis) {}

  async add(item: IntakeItem): Promise<void> {
    await this.redis.xadd(INTAKE_STREAM, '*', ...intakeFields(item));
  }
}
