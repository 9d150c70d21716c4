import type { Queue } from 'bullmq';
import type { ClusterConfig } from '../../src/config/schema';
import { MONITOR_CLUSTER, type MonitorJobData } from './monitor-cluster';

const PREFIX = 'monitor-';

/**
 * One repeatable monitor job per configured cluster. BullMQ's job scheduler keeps one schedule per
 * ID however many workers start; schedules of clusters no longer configured are removed.
 */
export async function scheduleMonitors(
  queue: Queue,
  clusters: readonly Pick<ClusterConfig, 'name'>[],
  intervalSeconds: number,
): Promise<void> {
  const wanted = new Set(clusters.map((c) => `${PREFIX}${c.name}`));
  for (const cluster of clusters) {
    const data: MonitorJobData = { cluster: cluster.name };
    await queue.upsertJobScheduler(
      `${PREFIX}${cluster.name}`,
      { every: intervalSeconds * 1000 },
      { name: MONITOR_CLUSTER, data },
    );
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    const id = scheduler.key;
    if (id.startsWith(PREFIX) && !wanted.has(id)) await queue.removeJobScheduler(id);
  }
}
