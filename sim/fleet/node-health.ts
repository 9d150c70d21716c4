import { finishDeletions } from '../kube/pod-deletion';
import type { KubeObject } from '../kube/store';
import type { Fleet } from './fleet';
import { healthTaints, type NodeHealth, readyConditions } from './node-conditions';
import type { Cluster } from './types';
import { podFitsNode } from './workloads/node-affinity';

const CNI_DAEMONSETS = ['cilium', 'calico-node'];

/**
 * What a node should report now. A hybrid node needs its host running and its site reachable
 * (else its kubelet falls silent: Unknown), its start-up delay elapsed, a CNI that runs on it, and
 * no aws-node on it (the VPC CNI breaks hybrid nodes).
 */
export function desiredHealth(fleet: Fleet, cluster: Cluster, node: KubeObject): NodeHealth {
  const name = node.metadata.name;
  const host = fleet.hostOfNode(cluster.name, name);
  if (host) {
    if (!host.node.running || fleet.downSites.has(host.site)) return 'Unknown';
    if ((host.node.readyAt ?? 0) > fleet.now().getTime()) return 'NotReady';
    if (!hybridNetworkingWorks(cluster, node)) return 'NotReady';
    // A crash-looping kubelet stops posting status; the node lifecycle controller marks it NotReady.
    if (host.faults?.has('kubelet-crashloop')) return 'NotReady';
  }
  return fleet.forcedNotReady.has(`${cluster.name}/${name}`) ? 'NotReady' : 'Ready';
}

function hybridNetworkingWorks(cluster: Cluster, node: KubeObject): boolean {
  const daemonSets = cluster.store.list('daemonsets', { namespace: 'kube-system' }).items;
  const fits = (n: string) =>
    daemonSets.some((d) => d.metadata.name === n && podFitsNode(d.spec?.template?.spec, node));
  return CNI_DAEMONSETS.some(fits) && !fits('aws-node');
}

export function currentHealth(node: KubeObject): NodeHealth {
  const conditions: Array<{ type: string; status: string }> = node.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready')?.status;
  return ready === 'True' ? 'Ready' : ready === 'Unknown' ? 'Unknown' : 'NotReady';
}

/** Brings one node's conditions and taints in line with what it should report. */
export function refreshNode(fleet: Fleet, cluster: Cluster, nodeName: string): void {
  const node = cluster.store.get('nodes', nodeName);
  if (!node) return;
  // A kubelet back (restarted, its host booted, its site reachable) finishes the deletions it missed.
  finishDeletions(cluster.store, nodeName);
  const health = desiredHealth(fleet, cluster, node);
  if (currentHealth(node) === health) return;
  const now = fleet.now();
  cluster.store.update('nodes', nodeName, undefined, (n) => {
    n.status = { ...n.status, conditions: readyConditions(now, health) };
    const others = ((n.spec?.taints ?? []) as Array<{ key: string }>).filter(
      (t) => t.key !== 'node.kubernetes.io/unreachable' && t.key !== 'node.kubernetes.io/not-ready',
    );
    const taints = [...others, ...healthTaints(health, now)];
    n.spec = { ...n.spec, taints };
    if (taints.length === 0) delete n.spec.taints;
  });
}

export function refreshAllNodes(fleet: Fleet, cluster: Cluster): void {
  for (const n of cluster.store.list('nodes').items) refreshNode(fleet, cluster, n.metadata.name);
}
