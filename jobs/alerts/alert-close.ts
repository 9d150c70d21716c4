import type { ClusterConfig } from '../../src/config/schema';
import { planAlertClose } from '../../src/domain/alerts/alert-close';
import type { CommandDeps } from '../job-context';
import { alertChannels, deliverAlerts } from './deliver-alerts';

/**
 * Once a cluster is forgotten: its open alert message says the bot no longer watches it, and the
 * cluster's alert state starts afresh (a new generation, so a later import posts a new message
 * rather than editing this one). Whether a message was closed.
 */
export async function closeAlertMessage(
  deps: Pick<CommandDeps, 'outbox' | 'stores'>,
  cluster: ClusterConfig,
  changeId: string,
): Promise<boolean> {
  const store = deps.stores.alerts;
  const why = `cluster ${cluster.name} is no longer managed by the bot (forgotten by change ${changeId})`;
  const outcome = await store.update(cluster.name, (record) => {
    if (!record.group) return undefined;
    return {
      data: { generation: record.generation + 1, notReadySince: {}, snoozes: {} },
      result: { actions: planAlertClose(record.group, why), messageTs: record.group.messageTs },
    };
  });
  if (!outcome || outcome.result.actions.length === 0) return false;
  const channels = await alertChannels(cluster, store);
  await deliverAlerts(
    deps,
    cluster.name,
    outcome.result.actions,
    outcome.result.messageTs,
    channels,
    outcome.version,
  );
  return true;
}
