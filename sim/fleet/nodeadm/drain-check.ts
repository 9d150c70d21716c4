import type { Fleet } from '../fleet';
import type { Host } from '../types';

/**
 * `nodeadm upgrade` and `nodeadm uninstall` refuse while kubelet runs on a node that is not
 * cordoned and drained: only DaemonSet and static (mirror) pods may be left on it.
 */
export function drainRefusal(fleet: Fleet, host: Host, command: 'upgrade' | 'uninstall'): string | undefined {
  const { clusterName, nodeName, running } = host.node;
  if (!running || !clusterName || !nodeName) return undefined;
  const cluster = fleet.clusters.get(clusterName);
  const node = cluster?.store.get('nodes', nodeName);
  if (!cluster || !node) return undefined;
  if (!node.spec?.unschedulable) {
    return `node ${nodeName} is not cordoned: cordon and drain it before nodeadm ${command}`;
  }
  const left = cluster.store
    .list('pods', { fieldSelector: `spec.nodeName=${nodeName}` })
    .items.filter((p) => {
      const owners = (p.metadata.ownerReferences ?? []) as Array<{ kind?: string }>;
      const mirror = p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
      return !mirror && !owners.some((o) => o.kind === 'DaemonSet');
    });
  if (left.length > 0) {
    const names = left.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ');
    return `node ${nodeName} is not drained: pods still running: ${names}`;
  }
  return undefined;
}
