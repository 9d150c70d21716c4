import type { ClusterClients, EksCluster, KubeWorkload } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import type { CniObjects, CniWorkload, FluxReleaseState } from '../../src/domain/cni/cni-running';
import { type RunningCni, readRunningCni } from '../../src/domain/cni/cni-running';
import { minorVersion, parseKubernetesVersion } from '../../src/domain/kubernetes-version';
import type { CommandDeps } from '../job-context';

export const CNI_NAMESPACE = 'kube-system';
export const FLUX_HELM_GROUP = 'helm.toolkit.fluxcd.io';

export const toCni = (w: KubeWorkload | undefined): CniWorkload | undefined =>
  w && {
    namespace: w.namespace,
    name: w.name,
    labels: w.labels,
    ...(w.annotations ? { annotations: w.annotations } : {}),
    ...(w.images ? { images: w.images } : {}),
    ...(w.requiredNodeSelectorTerms ? { requiredNodeSelectorTerms: w.requiredNodeSelectorTerms } : {}),
    ...(w.tolerations ? { tolerations: w.tolerations } : {}),
    desired: w.desired,
    ready: w.ready,
    updated: w.updated,
    rolloutComplete: w.rolloutComplete,
  };

/** kube-system's Cilium agent and operator, aws-node, cilium-config, and whether Flux's API is served. */
export async function readCniObjects(clients: Pick<ClusterClients, 'kube'>): Promise<CniObjects> {
  const { kube } = clients;
  const [daemonSets, deployments, ciliumConfig, fluxInstalled] = await Promise.all([
    kube.listDaemonSets(CNI_NAMESPACE),
    kube.listDeployments(CNI_NAMESPACE),
    kube.getConfigMap(CNI_NAMESPACE, 'cilium-config'),
    kube.servesApiGroup(FLUX_HELM_GROUP),
  ]);
  const agent = toCni(daemonSets.find((d) => d.name === 'cilium'));
  const operator = toCni(deployments.find((d) => d.name === 'cilium-operator'));
  const awsNode = toCni(daemonSets.find((d) => d.name === 'aws-node'));
  return {
    ...(agent ? { agent } : {}),
    ...(operator ? { operator } : {}),
    ...(awsNode ? { awsNode } : {}),
    ...(ciliumConfig ? { ciliumConfig } : {}),
    fluxInstalled,
  };
}

export interface CniState {
  described: EksCluster;
  objects: CniObjects;
  running: RunningCni;
  /** The control plane's and every node's Kubernetes minor. */
  kubernetesInUse: string[];
}

/** What a CNI command or step needs to know of the cluster, read now. */
export async function readCniState(
  deps: Pick<CommandDeps, 'cloud'>,
  cluster: ClusterConfig,
): Promise<CniState> {
  const clients = deps.cloud.forCluster(cluster);
  const [described, objects, nodes] = await Promise.all([
    clients.eks.describeCluster(cluster.name),
    readCniObjects(clients),
    clients.kube.listNodes(),
  ]);
  const minors = [described.version, ...nodes.map((n) => n.kubeletVersion)].flatMap((v) => {
    const parsed = parseKubernetesVersion(v);
    return parsed.ok ? [minorVersion(parsed.value)] : [];
  });
  return { described, objects, running: readRunningCni(objects), kubernetesInUse: [...new Set(minors)] };
}

/** A HelmRelease's readiness as Flux reports it. */
export function fluxReleaseState(
  namespace: string,
  name: string,
  object: Record<string, unknown>,
): FluxReleaseState {
  const meta = (object.metadata ?? {}) as { generation?: number };
  const status = (object.status ?? {}) as {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  return {
    namespace,
    name,
    ...(ready
      ? {
          ready: {
            status: ready.status,
            ...(ready.reason ? { reason: ready.reason } : {}),
            ...(ready.message ? { message: ready.message } : {}),
          },
        }
      : {}),
    observed: meta.generation === undefined || (status.observedGeneration ?? -1) >= meta.generation,
  };
}
