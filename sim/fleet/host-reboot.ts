import { randomUUID } from 'node:crypto';
import type { Fleet } from './fleet';
import { restartKubelet } from './host-facts';
import { refreshNode } from './node-health';
import type { Host } from './types';

/** `/proc/sys/kernel/random/boot_id`: one per boot, as the kernel makes it. */
export function bootId(host: Host): string {
  host.bootId ??= randomUUID();
  return host.bootId;
}

/** What a boot empties: tmpfs mounts and files systemd-tmpfiles cleans. /var/lib and /etc survive. */
const VOLATILE = ['/tmp/', '/run/'];

/**
 * A host reboots: for `hostRebootMs` on the simulator's clock its SSM agent is silent
 * (ConnectionLost) and its kubelet posts nothing (the Node NotReady). Then a new boot: a new boot
 * ID, /tmp and /run empty, services started afresh (the faults a kubelet restart clears are gone),
 * the agent back Online (unless its site is cut off) and `booted` called; the kubelet reports the
 * new boot and turns Ready after the node start-up delay, as after a join.
 */
export function rebootHost(fleet: Fleet, host: Host, booted: () => void): void {
  const downMs = fleet.options.hostRebootMs ?? 0;
  const instance = host.managedInstanceId ? fleet.instances.get(host.managedInstanceId) : undefined;
  if (instance) instance.pingStatus = 'ConnectionLost';
  const up = fleet.now().getTime() + downMs;
  if (downMs > 0) host.rebootingUntil = up;
  if (host.node.running) host.node.readyAt = up + fleet.options.nodeReadyDelayMs;
  refreshHostNode(fleet, host);
  fleet.effects.count(host.name, 'reboot');
  fleet.atSimTime(up, () => {
    host.rebootingUntil = undefined;
    host.bootId = randomUUID();
    for (const path of [...host.files.keys()])
      if (VOLATILE.some((dir) => path.startsWith(dir))) host.files.delete(path);
    const again = host.managedInstanceId ? fleet.instances.get(host.managedInstanceId) : undefined;
    if (again && !fleet.downSites.has(host.site)) again.pingStatus = 'Online';
    reportBoot(fleet, host);
    restartKubelet(fleet, host);
    const readyAt = host.node.readyAt ?? 0;
    if (readyAt > fleet.now().getTime()) fleet.atSimTime(readyAt, () => refreshHostNode(fleet, host));
    booted();
  });
}

/** The kubelet of the new boot writes its boot ID into the Node's status (status.nodeInfo.bootID). */
function reportBoot(fleet: Fleet, host: Host): void {
  const { clusterName, nodeName, running } = host.node;
  const cluster = clusterName ? fleet.clusters.get(clusterName) : undefined;
  if (!running || !cluster || !nodeName || !cluster.store.get('nodes', nodeName)) return;
  cluster.store.update('nodes', nodeName, undefined, (n) => {
    n.status = { ...n.status, nodeInfo: { ...n.status?.nodeInfo, bootID: bootId(host) } };
  });
}

function refreshHostNode(fleet: Fleet, host: Host): void {
  const { clusterName, nodeName } = host.node;
  const cluster = clusterName ? fleet.clusters.get(clusterName) : undefined;
  if (cluster && nodeName) refreshNode(fleet, cluster, nodeName);
}
