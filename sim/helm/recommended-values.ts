/**
 * The Cilium values AWS recommends for EKS Hybrid Nodes (EKS user guide, hybrid-nodes-cni): agent and operator on
 * hybrid nodes only, cluster-pool IPAM over the cluster's remote pod networks with /25 per node, and the settings
 * AWS adds (service topology, no unmanaged-pod restarts, no Envoy, kube-proxy kept).
 */
import { HYBRID_ONLY_AFFINITY } from '../fleet/workloads/affinities';
import type { Values } from './merge-values';

export function recommendedCiliumValues(podCidrs: string[]): Values {
  return {
    affinity: structuredClone(HYBRID_ONLY_AFFINITY),
    ipam: {
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4MaskSize: 25, clusterPoolIPv4PodCIDRList: podCidrs },
    },
    loadBalancer: { serviceTopology: true },
    operator: { affinity: structuredClone(HYBRID_ONLY_AFFINITY), unmanagedPodWatcher: { restart: false } },
    envoy: { enabled: false },
    kubeProxyReplacement: 'false',
  };
}
