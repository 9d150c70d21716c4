import type { ClusterClients, KubeNode, KubePod } from '../../src/cloud-ports';
import { COMPUTE_TYPE_LABEL } from '../../src/domain/facts';
import {
  COREDNS_ADDON,
  COREDNS_DEPLOYMENT,
  COREDNS_NAMESPACE,
  COREDNS_POD_SELECTOR,
  type CoreDnsFacts,
} from '../../src/domain/pools/coredns-placement';
import { type Toleration, toleratesTaints } from '../../src/domain/tolerations';

const HYBRID_SELECTOR = `${COMPUTE_TYPE_LABEL}=hybrid`;

/** coredns pods Running and Ready on these nodes. */
export function readyOn(pods: readonly KubePod[], nodes: ReadonlySet<string>): KubePod[] {
  return pods.filter((p) => p.phase === 'Running' && p.ready && p.nodeName && nodes.has(p.nodeName));
}

/** The hybrid nodes and the coredns pods, as they are now. */
export async function readCoreDnsPods(
  kube: ClusterClients['kube'],
): Promise<{ hybridNodes: KubeNode[]; pods: KubePod[] }> {
  const [hybridNodes, pods] = await Promise.all([
    kube.listNodes(HYBRID_SELECTOR),
    kube.listPods({ namespace: COREDNS_NAMESPACE, labelSelector: COREDNS_POD_SELECTOR }),
  ]);
  return { hybridNodes, pods };
}

/**
 * The facts for a change that joins `joining` new hybrid nodes carrying `taints`: the coredns add-on,
 * its Deployment, where its pods run, and which hybrid nodes it could run on afterwards.
 */
export async function gatherCoreDnsFacts(
  clients: Pick<ClusterClients, 'eks' | 'kube'>,
  cluster: string,
  joining: { count: number; taints: { key: string; value?: string; effect: string }[] },
): Promise<CoreDnsFacts> {
  const { eks, kube } = clients;
  const [addon, deployments, { hybridNodes, pods }] = await Promise.all([
    eks.describeAddon(cluster, COREDNS_ADDON),
    kube.listDeployments(COREDNS_NAMESPACE),
    readCoreDnsPods(kube),
  ]);
  const deployment = deployments.find((d) => d.name === COREDNS_DEPLOYMENT);
  const tolerations: Toleration[] = deployment?.tolerations ?? [];
  const takesPods = hybridNodes.filter(
    (n) => n.ready && !n.unschedulable && toleratesTaints(tolerations, n.taints),
  );
  const newOnesTake = toleratesTaints(tolerations, joining.taints);
  return {
    ...(addon ? { addonValues: addon.configurationValues } : {}),
    ...(deployment ? { replicas: deployment.desired } : {}),
    onHybrid: readyOn(pods, new Set(hybridNodes.map((n) => n.name))).length,
    hybridNodesAfter: hybridNodes.length + joining.count,
    hybridNodesForCoreDns: takesPods.length + (newOnesTake ? joining.count : 0),
  };
}
