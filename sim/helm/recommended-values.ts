/**
 * The Cilium values AWS recommends for EKS Hybrid Nodes (EKS user guide, hybrid-nodes-cni): agent and operator on
 * hybrid nodes only, cluster-pool IPAM over the cluster's remote pod networks with /25 per node, and the settings
 * AWS adds (service topology, no unmanaged-pod restarts, no Envoy, kube-proxy kept).
 */
import type { Values } from './merge-values';

const hybridOnly = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }] },
      ],
    },
  },
};

export function recommendedCiliumValues(podCidrs: string[]): Values {
  return {
    affinity: structuredClone(hybridOnly),
    ipam: {
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4MaskSize: 25, clusterPoolIPv4PodCIDRList: podCidrs },
    },
    loadBalancer: { serviceTopology: true },
    operator: { affinity: structuredClone(hybridOnly), unmanagedPodWatcher: { restart: false } },
    envoy: { enabled: false },
    kubeProxyReplacement: 'false',
  };
}
