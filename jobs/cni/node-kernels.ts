import type { ClusterConfig } from '../../src/config/schema';
import { SITE_LABEL } from '../../src/domain/bot-labels';
import type { NodeKernel } from '../../src/domain/cni/cilium-kernel-gate';
import { COMPUTE_TYPE_LABEL } from '../../src/domain/facts';
import { hostLabel } from '../../src/domain/host-facts/host-facts';
import type { CommandDeps } from '../job-context';

/**
 * Every hybrid node's host with its kernel: what its kubelet reports (status.nodeInfo), else the
 * host's last fact collection (`/hybrid doctor <cluster> --hosts`); named as `name (mi-…)`.
 */
export async function hybridNodeKernels(deps: CommandDeps, cluster: ClusterConfig): Promise<NodeKernel[]> {
  const [nodes, records, facts] = await Promise.all([
    deps.cloud.forCluster(cluster).kube.listNodes(`${COMPUTE_TYPE_LABEL}=hybrid`),
    deps.stores.inventory.list(cluster.name),
    deps.stores.hostFacts.list(cluster.name),
  ]);
  return nodes.map((n) => {
    const record = records.find(
      (r) => !r.deregistered && (r.node?.name === n.name || r.managedInstanceId === n.name),
    );
    const fact = facts.get(n.name);
    const name = record?.name ?? fact?.host;
    const host = name && name !== n.name ? hostLabel({ host: name, instanceId: n.name }) : n.name;
    const site = n.labels[SITE_LABEL] ?? record?.site ?? fact?.site;
    const kernel = n.kernelVersion ?? fact?.kernel?.value;
    return { host, ...(site ? { site } : {}), ...(kernel ? { kernel } : {}) };
  });
}
