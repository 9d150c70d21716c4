import type { AlertStore } from '../../src/adapters/redis/alert-store';
import { alertGroupMessage, alertReminderMessage } from '../../src/blocks/monitoring/alert-message';
import type { ClusterConfig } from '../../src/config/schema';
import type { DeliveryAction } from '../../src/domain/alerts/alert-delivery';
import type { OutboundMessage } from '../../src/job-data';
import type { CommandDeps } from '../job-context';

/** The cluster's alert channel (else its report channel) and the channels subscribed to it. */
export async function alertChannels(cluster: ClusterConfig, store: AlertStore): Promise<string[]> {
  const configured = cluster.alertChannel ?? cluster.channel;
  return [...new Set([configured, ...(await store.subscribers(cluster.name))])];
}

/** One message per channel names its slot after the group's message and the channel. */
export const alertSlotOf = (messageTs: string, channel: string) => `alert-${messageTs}-${channel}`;

function toMessages(
  cluster: string,
  action: DeliveryAction,
  messageTs: string,
  channel: string,
): OutboundMessage {
  const slot = alertSlotOf(messageTs, channel);
  switch (action.kind) {
    case 'post':
      return {
        kind: 'post',
        channel,
        slot,
        ...alertGroupMessage(cluster, action.alerts, 'firing', action.news),
      };
    case 'update': {
      const state = action.resolved
        ? 'resolved'
        : action.unwatched
          ? 'unwatched'
          : action.superseded
            ? 'superseded'
            : 'firing';
      return {
        kind: 'post',
        channel,
        slot,
        ...alertGroupMessage(cluster, action.alerts, state, [], action.unwatched),
      };
    }
    case 'thread':
      return { kind: 'post', channel, threadOfSlot: slot, text: action.text };
    case 'remind':
      return { kind: 'post', channel, ...alertReminderMessage(cluster, action.alerts) };
  }
}

/**
 * Sends the planned actions through the outbox, to every channel. `messageTs` is the group's message
 * name (the domain's "ts"): the outbox maps it to each channel's real message through slots. The
 * job IDs come from the state version that planned them, so a retried job sends nothing twice.
 */
export async function deliverAlerts(
  deps: Pick<CommandDeps, 'outbox'>,
  cluster: string,
  actions: readonly DeliveryAction[],
  messageTs: string | undefined,
  channels: readonly string[],
  version: number,
): Promise<void> {
  for (const [i, action] of actions.entries()) {
    const name = action.kind === 'post' ? messageTs : action.messageTs;
    if (name === undefined) continue;
    for (const channel of channels) {
      await deps.outbox.send(toMessages(cluster, action, name, channel), {
        jobId: `alert-${cluster}-${version}-${i}-${channel}`,
      });
    }
  }
}
