import type { ClusterConfig } from '../../src/config/schema';
import type { NodeFacts } from '../../src/domain/facts';
import { hostNotices, nodeOfHost, withNode } from '../../src/domain/host-nodes';
import type { HostRecord } from '../../src/domain/host-status';
import type { CommandDeps } from '../job-context';
import { announce } from './host-notices';

/**
 * Keeps each host's node in the inventory (joined, Ready or not) in step with the nodes the monitor
 * has just listed, so the inventory follows a join (SSM or IAM Roles Anywhere, watched or not) or an
 * outage within one monitor interval instead of at the next reconcile. A join learned here is
 * announced once, like one the watcher or a refresh learned. `hosts` is the cluster's inventory as
 * the caller read it; returns it as it now stands.
 */
export async function syncHostNodes(
  deps: Pick<CommandDeps, 'stores' | 'outbox' | 'clock'> & Partial<Pick<CommandDeps, 'audit'>>,
  cluster: ClusterConfig,
  nodes: readonly NodeFacts[],
  hosts: readonly HostRecord[],
): Promise<HostRecord[]> {
  const inventory = deps.stores.inventory;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const now = deps.clock.now();
  const synced: HostRecord[] = [];
  for (const host of hosts) {
    const node = nodeOfHost(host, byName);
    const next = withNode(host, node, now);
    if (!next) synced.push(host);
    else if (!(await inventory.compareAndPut(host, next))) {
      // Written meanwhile (a registration, the watcher): what is stored now is what stands.
      const stored = await inventory.get(host.cluster, host.name);
      if (stored) synced.push(stored);
    } else {
      synced.push(next);
      for (const notice of hostNotices(host, next, node)) await announce(deps, cluster.channel, next, notice);
    }
  }
  return synced;
}
