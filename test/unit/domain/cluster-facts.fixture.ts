import type { ClusterFacts, NodeFacts, NodeSelectorTerm } from '../../../src/domain/facts';

/** Shapes follow DescribeCluster, DescribeNodegroup and what kubelets report on EKS nodes. */
export const hybridOnly: NodeSelectorTerm[] = [
  { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }] },
];

export const awsNodeDefault: NodeSelectorTerm[] = [
  {
    matchExpressions: [
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] },
    ],
  },
];

export function cloudWorker(name: string, overrides: Partial<NodeFacts> = {}): NodeFacts {
  return {
    name,
    labels: {
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'eks.amazonaws.com/nodegroup': 'agents',
      'node.kubernetes.io/instance-type': 't3.xlarge',
      'topology.kubernetes.io/zone': 'eu-west-1a',
    },
    ready: true,
    kubeletVersion: 'v1.31.7-eks-473151a',
    // What a t3.xlarge with a 20 GiB root volume reports.
    capacity: { cpu: '4', memory: '16181180Ki', ephemeralStorage: '20959212Ki' },
    internalIp: '10.0.12.34',
    ...overrides,
  };
}

export function hybridNode(
  name: string,
  site: string,
  pool: string,
  overrides: Partial<NodeFacts> = {},
): NodeFacts {
  return {
    name,
    labels: {
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'eks.amazonaws.com/compute-type': 'hybrid',
      'eks.amazonaws.com/hybrid-credential-provider': 'ssm',
      'hybrid-bot.io/site': site,
      'hybrid-bot.io/pool': pool,
    },
    ready: true,
    kubeletVersion: 'v1.31.2-eks-7f9249a',
    capacity: { cpu: '8', memory: '32817124Ki' },
    internalIp: '10.80.12.10',
    ...overrides,
  };
}

export function healthyFacts(): ClusterFacts {
  return {
    name: 'demo',
    cluster: {
      version: '1.31',
      status: 'ACTIVE',
      authenticationMode: 'API_AND_CONFIG_MAP',
      remoteNodeNetworks: ['10.80.0.0/16'],
      remotePodNetworks: ['10.85.0.0/16'],
      vpcCidrs: ['10.0.0.0/16'],
      serviceCidr: '172.20.0.0/16',
    },
    accessEntries: [
      { principalArn: 'arn:aws:iam::123456789012:role/demo-admin', type: 'STANDARD' },
      { principalArn: 'arn:aws:iam::123456789012:role/demo-hybrid-nodes', type: 'HYBRID_LINUX' },
    ],
    addons: [
      { name: 'vpc-cni', status: 'ACTIVE', version: 'v1.19.2-eksbuild.1' },
      { name: 'coredns', status: 'ACTIVE' },
    ],
    nodegroups: [
      {
        name: 'agents',
        instanceTypes: ['t3.xlarge'],
        diskSize: 20,
        scalingConfig: { minSize: 2, maxSize: 3, desiredSize: 2 },
        status: 'ACTIVE',
      },
    ],
    nodes: [
      cloudWorker('ip-10-0-12-34.eu-west-1.compute.internal'),
      cloudWorker('ip-10-0-13-7.eu-west-1.compute.internal', { internalIp: '10.0.13.7' }),
      hybridNode('mi-0123456789abcdef0', 'store-12', 'pos'),
      hybridNode('mi-0123456789abcdef1', 'store-12', 'pos', { internalIp: '10.80.12.11' }),
      hybridNode('mi-0123456789abcdef2', 'store-14', 'pos', { internalIp: '10.80.14.10' }),
    ],
    workloads: {
      awsNode: {
        namespace: 'kube-system',
        name: 'aws-node',
        kind: 'DaemonSet',
        requiredNodeSelectorTerms: awsNodeDefault,
        desired: 2,
        ready: 2,
      },
      ciliumAgent: {
        namespace: 'kube-system',
        name: 'cilium',
        kind: 'DaemonSet',
        requiredNodeSelectorTerms: hybridOnly,
        desired: 3,
        ready: 3,
      },
      ciliumOperator: {
        namespace: 'kube-system',
        name: 'cilium-operator',
        kind: 'Deployment',
        requiredNodeSelectorTerms: hybridOnly,
        desired: 1,
        ready: 1,
      },
      managementAgent: {
        namespace: 'hybrid-bot',
        name: 'management-agent',
        kind: 'Deployment',
        desired: 1,
        ready: 1,
      },
    },
    ciliumIpam: { mode: 'cluster-pool', podCidrs: ['10.85.0.0/16'], maskSize: 25 },
    managementAgentPods: [
      {
        name: 'management-agent-7d9f8b6c5-x2x9q',
        nodeName: 'ip-10-0-12-34.eu-west-1.compute.internal',
        phase: 'Running',
        ready: true,
      },
    ],
    registeredHosts: [
      { name: 'store-12-pos-1', ip: '10.80.12.10', site: 'store-12' },
      { name: 'store-12-pos-2', ip: '10.80.12.11', site: 'store-12' },
      { name: 'store-14-pos-1', ip: '10.80.14.10', site: 'store-14' },
    ],
    hybridNodesRoleArn: 'arn:aws:iam::123456789012:role/demo-hybrid-nodes',
  };
}
