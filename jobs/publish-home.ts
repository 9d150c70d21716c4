import { type HomeFleetRow, homeView } from '../src/blocks/home-view';
import type { ClusterStatus } from '../src/blocks/monitoring/status-message';
import { countAlerts } from '../src/domain/alerts/alert-snooze';
import { COMMANDS } from '../src/domain/commands';
import type { BackgroundProcessor, CommandDeps } from './job-context';
import { clusterStatuses } from './monitoring/status';

/**
 * Each cluster's status as the monitor last saw it; clusters it has not seen within two intervals
 * are read now, so the tab is current when opened.
 */
async function fleetAtAGlance(deps: CommandDeps): Promise<Record<string, HomeFleetRow>> {
  const { clusters } = deps.config;
  const now = deps.clock.now();
  const maxAge = 2 * deps.config.monitor.intervalSeconds * 1000;
  const stored = await deps.stores.clusterStatus.read(clusters.map((c) => c.name));
  const stale = clusters.filter((_, i) => {
    const s = stored[i];
    return s === undefined || now - s.at > maxAge;
  });
  const fresh = await clusterStatuses(stale, deps);
  const status = new Map<string, ClusterStatus>();
  for (const s of [...stored.map((row) => row?.status), ...fresh]) if (s) status.set(s.cluster, s);
  const alerts = deps.stores.alerts;
  const rows = await Promise.all(
    clusters.map(async (c): Promise<[string, HomeFleetRow]> => {
      const record = await alerts.read(c.name);
      const counts = countAlerts(record.group, record.snoozes, now);
      const s = status.get(c.name);
      return [c.name, { ...counts, ...(s ? { status: s } : {}) }];
    }),
  );
  return Object.fromEntries(rows);
}

/** Publishes a user's App Home tab when they open it. */
export const publishHome: BackgroundProcessor<'publish-home'> = async (job, deps) => {
  const { user } = job.data;
  const fleet = await fleetAtAGlance(deps);
  await deps.outbox.send(
    { kind: 'home', user, view: homeView(deps.config.clusters, COMMANDS, deps.clock.now(), fleet) },
    { jobId: `home-${job.id}` },
  );
};
