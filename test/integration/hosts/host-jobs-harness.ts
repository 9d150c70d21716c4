import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { CommandDeps } from '../../../jobs/job-context';
import { AuditLog } from '../../../src/adapters/redis/audit-log';
import { createStores } from '../../../src/adapters/redis/stores';
import { createSecretBox } from '../../../src/adapters/secret-box';
import type { CloudClients } from '../../../src/cloud-ports';
import { fileSchema } from '../../../src/config/schema';
import type { OutboundMessage } from '../../../src/job-data';
import { createLogger } from '../../../src/logger';
import { noMetrics } from '../../../src/metrics-ports';
import { hostsFile } from '../../support/hosts-support';
import { type RedisServer, startRedisServer } from '../../support/redis-server';
import { startAdapters } from '../adapters/harness';

export interface StartedJob {
  name: string;
  data: Record<string, unknown>;
  jobId: string;
  delayMs?: number;
}

/** Real Redis and the simulator behind the real clients; Slack messages and follow-up jobs collected. */
export async function startHostJobs() {
  const server: RedisServer = await startRedisServer();
  const redis = new Redis(server.url);
  const adapters = await startAdapters();
  const sent: OutboundMessage[] = [];
  const started: StartedJob[] = [];
  const clock = { at: Date.now(), now: () => clock.at };
  // demo with IAM Roles Anywhere settings, as the end-to-end tests configure it.
  const config = fileSchema.parse({ access: { viewers: ['*'] }, ...hostsFile() });
  const stores = createStores(redis, createSecretBox(randomBytes(32)));
  const deps = (cloud: CloudClients = adapters.clients): CommandDeps => ({
    outbox: { send: async (m) => void sent.push(m), reserveVersion: async () => 0 },
    audit: new AuditLog(redis),
    clock,
    log: createLogger({ level: 'silent' }),
    config,
    cloud,
    redis,
    stores,
    background: {
      start: async (name, data, jobId, opts) =>
        void started.push({ name, data: { ...data }, jobId, ...opts }),
    },
    slack: {
      userGroupMembers: async () => [],
      downloadFile: async () => '',
      fileById: async (id) => ({ name: id, text: '' }),
      channelInfo: async () => undefined,
    },
    metrics: noMetrics,
  });
  return {
    redis,
    sim: adapters.sim,
    clients: adapters.clients,
    cluster: config.clusters[0] as (typeof config.clusters)[number],
    sent,
    started,
    clock,
    deps,
    close: async () => {
      redis.disconnect();
      await adapters.close();
      await server.stop();
    },
  };
}

/** A job as BullMQ hands it to a processor (only the data is read). */
export const jobOf = (data: Record<string, unknown>, id = 'test') => ({ id, data }) as unknown as Job;
