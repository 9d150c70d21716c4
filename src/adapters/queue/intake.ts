import type { Redis } from 'ioredis';
import type { CommandJobData } from '../../job-data';
import { key } from '../redis/connection';
import { safeJobId } from './queues';

/**
 * The intake stream: Slack requests land here in one cheap XADD (inside the request's own Lua
 * script), and the workers' dispatcher turns each entry into its BullMQ job. A BullMQ add costs
 * several times an XADD, and the request path has to ack within Slack's 3 seconds.
 */
export const INTAKE_STREAM = key('intake');

export interface IntakeItem {
  queue: 'commands';
  name: string;
  /** The BullMQ job ID, derived from the Slack request: a redelivery adds no second job. */
  jobId: string;
  data: CommandJobData;
}

export function commandIntake(data: CommandJobData, requestId: string): IntakeItem {
  return { queue: 'commands', name: data.command, jobId: safeJobId(`cmd-${requestId}`), data };
}

/** XADD arguments after the stream key: the fields of one intake entry. */
export function intakeFields(item: IntakeItem): string[] {
  return ['q', item.queue, 'n', item.name, 'id', item.jobId, 'd', JSON.stringify(item.data)];
}

export function parseIntakeFields(fields: string[]): IntakeItem | undefined {
  const get = (f: string) => fields[fields.indexOf(f) + 1];
  const data = get('d');
  const name = get('n');
  const jobId = get('id');
  if (get('q') !== 'commands' || !data || !name || !jobId) return undefined;
  return { queue: 'commands', name, jobId, data: JSON.parse(data) as CommandJobData };
}

export class Intake {
  constructor(private readonly redis: Redis) {}

  async add(item: IntakeItem): Promise<void> {
    await this.redis.xadd(INTAKE_STREAM, '*', ...intakeFields(item));
  }
}
