import { section } from '../../src/blocks/elements';
import { alertsListMessage, type ClusterAlerts } from '../../src/blocks/monitoring/alerts-list-message';
import { replyTo } from '../../src/ports';
import { alertChannels } from '../alerts/deliver-alerts';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandProcessor } from '../job-context';

/** `/hybrid alerts [cluster]`: firing and snoozed alerts, and the channels they go to. */
export const alertsList: CommandProcessor<'alerts'> = async (job, deps) => {
  const name = job.data.positionals.cluster;
  const clusters = name ? [clusterConfig(deps, name)] : deps.config.clusters;
  const store = deps.stores.alerts;
  const rows: ClusterAlerts[] = await Promise.all(
    clusters.map(async (c) => {
      const record = await store.read(c.name);
      return {
        cluster: c.name,
        snoozes: record.snoozes,
        channels: await alertChannels(c, store),
        ...(record.group ? { group: record.group } : {}),
      };
    }),
  );
  await deps.outbox.send(replyTo(job.data.request, alertsListMessage(rows, deps.clock.now())), {
    jobId: `reply-${job.id}`,
  });
  return { clusters: rows.length };
};

/** `/hybrid alerts subscribe <cluster>`: this channel also gets the cluster's alerts. */
export const alertsSubscribe: CommandProcessor<'alerts subscribe'> = async (job, deps) => {
  const cluster = clusterConfig(deps, job.data.positionals.cluster ?? '');
  const { channel, user } = job.data.request;
  const added = await deps.stores.alerts.subscribe(cluster.name, channel);
  const text = added
    ? `<@${user}> subscribed <#${channel}> to the alerts of *${cluster.name}*.`
    : `<#${channel}> already gets the alerts of *${cluster.name}*.`;
  await deps.outbox.send(replyTo(job.data.request, { text, blocks: [section(text)] }, 'in_channel'), {
    jobId: `reply-${job.id}`,
  });
  return { added };
};
