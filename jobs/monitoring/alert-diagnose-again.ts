import type { ClusterConfig } from '../../src/config/schema';
import type { AlertClick } from '../../src/domain/alerts/alert-click';
import { alertSlotOf } from '../alerts/deliver-alerts';
import { DIAGNOSTICS_IN_FLIGHT_MS } from '../diagnostics/start-diagnostics';
import type { CommandDeps } from '../job-context';
import { diagnoseHost } from './alert-diagnose';

/**
 * **Diagnose again** on a node alert: the host's diagnostics, once per click, in the alert's thread.
 * Refused while diagnostics already run on that host (the other click's, or the alert's own), so a
 * double click runs them once. Returns whether they ran, and what to tell the clicker.
 */
export async function diagnoseAgain(
  deps: CommandDeps,
  cluster: ClusterConfig,
  click: AlertClick,
): Promise<{ ran: boolean; text: string }> {
  const refused = (text: string) => ({ ran: false, text });
  const record = await deps.stores.alerts.read(cluster.name);
  const tracked = record.group?.alerts[click.key];
  const messageTs = record.group?.messageTs;
  const node = tracked?.alert.rule === 'node-not-ready' ? tracked.alert.nodes?.[0] : undefined;
  if (!tracked || messageTs === undefined || !node) {
    return refused('This alert is no longer firing: nothing to diagnose.');
  }
  const host = (await deps.stores.inventory.list(cluster.name)).find(
    (h) => h.node?.name === node.name && !h.deregistered,
  );
  if (host?.auth !== 'ssm' || !host.managedInstanceId) {
    return refused(
      `${node.label} is not an SSM host of the inventory: the bot cannot run anything on it. Diagnose it on the host with \`nodeadm debug\`.`,
    );
  }
  const channel = cluster.alertChannel ?? cluster.channel;
  const slot = `diagnose-${click.clickId ?? `${click.user}-${deps.clock.now()}`}`;
  const now = deps.clock.now();
  if (
    !(await deps.stores.diagnosing.beginIfIdle(
      cluster.name,
      slot,
      host.name,
      now + DIAGNOSTICS_IN_FLIGHT_MS,
      now,
    ))
  ) {
    return refused(
      `Diagnostics of ${host.name} are already running: their summary comes in the alert's thread in <#${channel}>.`,
    );
  }
  const done = await diagnoseHost(deps, cluster, {
    host: host.name,
    key: `click ${slot}`,
    target: { channel, slot, threadOfSlot: alertSlotOf(messageTs, channel), requester: click.user },
  });
  if (done.outcome !== 'sent') await deps.stores.diagnosing.end(cluster.name, slot);
  switch (done.outcome) {
    case 'sent':
      return {
        ran: true,
        text: `Diagnosing ${host.name} again: the summary comes in the alert's thread in <#${channel}>.`,
      };
    case 'unreachable':
      return refused(
        `SSM cannot reach ${host.name}, so nothing ran on it: the alert's thread in <#${channel}> says since when.`,
      );
    default:
      return refused(
        `SSM no longer lists ${host.name}'s managed instance ${host.managedInstanceId}: nothing ran. Run \`/hybrid hosts --cluster ${cluster.name} --refresh\`.`,
      );
  }
}
