import type { Fleet } from './fleet';

/**
 * Whether a node's kubelet runs, to stop the containers of a pod deleted there and confirm it: not
 * on a host that is down, rebooting or cut off with its site, nor while it crash-loops. Nodes without a
 * simulated host (managed node groups) always have theirs; a node merely forced NotReady (its
 * network plugin not ready) has a kubelet that still runs.
 */
export function kubeletRunning(fleet: Fleet, clusterName: string, nodeName: string): boolean {
  const host = fleet.hostOfNode(clusterName, nodeName);
  if (!host) return true;
  return (
    host.node.running &&
    host.rebootingUntil === undefined &&
    !fleet.downSites.has(host.site) &&
    !host.faults?.has('kubelet-crashloop')
  );
}
