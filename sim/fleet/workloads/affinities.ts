/** Default affinity of the VPC CNI's `aws-node` DaemonSet (amazon-vpc-cni-k8s chart values, v1.23.1). */
export const AWS_NODE_DEFAULT_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
            {
              key: 'eks.amazonaws.com/compute-type',
              operator: 'NotIn',
              values: ['fargate', 'hybrid', 'auto'],
            },
          ],
        },
      ],
    },
  },
};

/** The affinity AWS recommends for Cilium's agent and operator: hybrid nodes only. */
export const HYBRID_ONLY_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }] },
      ],
    },
  },
};

/**
 * The coredns add-on's default affinity (EKS coredns v1.11 builds): Linux on amd64 or arm64, and replicas
 * preferably on different hosts.
 */
export const COREDNS_DEFAULT_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
          ],
        },
      ],
    },
  },
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        podAffinityTerm: {
          labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
          topologyKey: 'kubernetes.io/hostname',
        },
        weight: 100,
      },
    ],
  },
};

/** The coredns add-on's default tolerations. */
export const COREDNS_DEFAULT_TOLERATIONS: Array<Record<string, string>> = [
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
  { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
];
