import type { Fleet } from './fleet';
import { hybridNode, type JoinOptions } from './hybrid-node';
import { kubeletVersion } from './kube-versions';
import { readyConditions } from './node-conditions';
import { desiredHealth, refreshNode } from './node-health';
import type { Cluster, Host } from './types';

/** Registers (or re-registers) a host's kubelet with a cluster; the node turns Ready after the configured delay. */
export function joinNode(fleet: Fleet, cluster: Cluster, host: Host, o: JoinOptions): void {
  const now = fleet.now();
  const delay = fleet.options.nodeReadyDelayMs;
  host.node = {
    installedVersion: o.version,
    credentialProvider: o.provider,
    clusterName: cluster.name,
    nodeName: o.nodeName,
    running: true,
    readyAt: now.getTime() + delay,
  };
  fleet.linkNode(host);
  if (cluster.store.get('nodes', o.nodeName)) {
    cluster.store.update('nodes', o.nodeName, undefined, (n) => {
      n.status.nodeInfo.kubeletVersion = kubeletVersion(o.version);
      n.status.nodeInfo.kubeProxyVersion = kubeletVersion(o.version);
    });
    refreshNode(fleet, cluster, o.nodeName);
  } else {
    // Born with the conditions it would report at once, so bulk joins cost one write per node.
    const node = hybridNode(cluster, host, o, now);
    node.status.conditions = readyConditions(now, desiredHealth(fleet, cluster, node));
    cluster.store.create('nodes', node);
  }
  if (delay > 0) fleet.later(delay, () => refreshNode(fleet, cluster, o.nodeName));
}

/** kubelet stopped (nodeadm uninstall, host down): the Node object stays and goes Unknown. */
export function stopNode(fleet: Fleet, host: Host): void {
  host.node.running = false;
  const cluster = host.node.clusterName ? fleet.clusters.get(host.node.clusterName) : undefined;
  if (cluster && host.node.nodeName) refreshNode(fleet, cluster, host.node.nodeName);
}
