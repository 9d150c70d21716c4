import type { CniObjects, CniWorkload } from '../../../../src/domain/cni/cni-running';
import { COMPUTE_TYPE_LABEL } from '../../../../src/domain/facts';

const hybridOnly = [{ matchExpressions: [{ key: COMPUTE_TYPE_LABEL, operator: 'In', values: ['hybrid'] }] }];
const awsNodeDefault = [
  {
    matchExpressions: [
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: COMPUTE_TYPE_LABEL, operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
    ],
  },
];

function workload(name: string, image: string, over: Partial<CniWorkload> = {}): CniWorkload {
  return {
    namespace: 'kube-system',
    name,
    labels: {},
    images: [image],
    requiredNodeSelectorTerms: hybridOnly,
    desired: 2,
    ready: 2,
    updated: 2,
    rolloutComplete: true,
    ...over,
  };
}

/** kube-system of a cluster running Cilium as AWS recommends (unless told otherwise). */
export function ciliumObjects(
  o: {
    version?: string;
    agent?: Partial<CniWorkload>;
    operator?: Partial<CniWorkload>;
    awsNode?: Partial<CniWorkload>;
    cidrs?: string;
    flux?: boolean;
  } = {},
): CniObjects {
  const version = o.version ?? '1.17.6-0';
  return {
    agent: workload('cilium', `public.ecr.aws/eks/cilium/cilium:v${version}`, o.agent),
    operator: workload('cilium-operator', `public.ecr.aws/eks/cilium/operator-generic:v${version}`, {
      desired: 1,
      ready: 1,
      updated: 1,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
        { key: 'node.cilium.io/agent-not-ready', operator: 'Exists' },
      ],
      ...o.operator,
    }),
    awsNode: workload('aws-node', 'amazon-k8s-cni:v1.19.2-eksbuild.1', {
      requiredNodeSelectorTerms: awsNodeDefault,
      ...o.awsNode,
    }),
    ciliumConfig: {
      ipam: 'cluster-pool',
      'cluster-pool-ipv4-cidr': o.cidrs ?? '10.85.0.0/16',
      'cluster-pool-ipv4-mask-size': '25',
    },
    fluxInstalled: o.flux ?? false,
  };
}
