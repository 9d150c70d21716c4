import type { KubeObject } from '../../kube/store';

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

export const namespace = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
});

interface WorkloadOptions {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  image: string;
  // biome-ignore lint/suspicious/noExplicitAny: affinity is free-form Kubernetes JSON.
  affinity?: any;
  tolerations?: Array<Record<string, string>>;
  priorityClassName?: string;
}

function template(o: WorkloadOptions): KubeObject['spec'] {
  return {
    metadata: { labels: o.labels },
    spec: {
      ...(o.affinity ? { affinity: o.affinity } : {}),
      containers: [{ name: o.name, image: o.image, resources: { requests: { cpu: '25m', memory: '64Mi' } } }],
      ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      serviceAccountName: o.name,
    },
  };
}

export function daemonSet(o: WorkloadOptions): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: o.name, namespace: o.namespace, labels: o.labels },
    spec: {
      selector: { matchLabels: o.labels },
      template: template(o),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%', maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {},
  };
}

export function deployment(o: WorkloadOptions & { replicas: number }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: o.namespace, labels: o.labels },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: o.labels },
      template: template(o),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

export function podDisruptionBudget(
  name: string,
  ns: string,
  matchLabels: Record<string, string>,
  maxUnavailable: number,
): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: ns, labels: matchLabels },
    spec: { maxUnavailable, selector: { matchLabels } },
    status: {},
  };
}

const tolerateAll = [{ operator: 'Exists' }];

export function awsNode(region: string): KubeObject {
  return daemonSet({
    name: 'aws-node',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'aws-node' },
    image: `602401143452.dkr.ecr.${region}.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1`,
    affinity: AWS_NODE_DEFAULT_AFFINITY,
    tolerations: tolerateAll,
    priorityClassName: 'system-node-critical',
  });
}

export function cilium(version: string): KubeObject[] {
  const image = (c: string) => `public.ecr.aws/eks/cilium/${c}:v${version}-0`;
  return [
    daemonSet({
      name: 'cilium',
      namespace: 'kube-system',
      labels: {
        'k8s-app': 'cilium',
        'app.kubernetes.io/name': 'cilium-agent',
        'app.kubernetes.io/part-of': 'cilium',
      },
      image: image('cilium'),
      affinity: HYBRID_ONLY_AFFINITY,
      tolerations: tolerateAll,
      priorityClassName: 'system-node-critical',
    }),
    deployment({
      name: 'cilium-operator',
      namespace: 'kube-system',
      labels: { 'io.cilium/app': 'operator', name: 'cilium-operator', 'app.kubernetes.io/part-of': 'cilium' },
      image: image('operator-generic'),
      affinity: HYBRID_ONLY_AFFINITY,
      replicas: 1,
      priorityClassName: 'system-cluster-critical',
    }),
  ];
}

export function coreDns(region: string): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };
  return [
    deployment({
      name: 'coredns',
      namespace: 'kube-system',
      labels,
      image: `602401143452.dkr.ecr.${region}.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2`,
      replicas: 2,
      priorityClassName: 'system-cluster-critical',
    }),
    podDisruptionBudget('coredns', 'kube-system', labels, 1),
  ];
}

/** An application Deployment pinned to hybrid nodes, cloud workers, or neither, with an optional budget. */
export function app(a: {
  name: string;
  namespace: string;
  replicas: number;
  placement: 'hybrid' | 'cloud' | 'any';
  maxUnavailable?: number;
}): KubeObject[] {
  const labels = { 'app.kubernetes.io/name': a.name };
  const affinity =
    a.placement === 'any'
      ? undefined
      : {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    {
                      key: 'eks.amazonaws.com/compute-type',
                      operator: a.placement === 'hybrid' ? 'In' : 'NotIn',
                      values: ['hybrid'],
                    },
                  ],
                },
              ],
            },
          },
        };
  return [
    deployment({ ...a, labels, image: `public.ecr.aws/docker/library/nginx:1.27`, affinity }),
    ...(a.maxUnavailable !== undefined
      ? [podDisruptionBudget(a.name, a.namespace, labels, a.maxUnavailable)]
      : []),
  ];
}

export interface AgentPlacement {
  namespace: string;
  name: string;
  nodeGroup: string;
}

/** The management agent: one replica on a cloud worker of the named node group, never on hybrid nodes. */
export function managementAgent(a: AgentPlacement): KubeObject {
  return deployment({
    name: a.name,
    namespace: a.namespace,
    labels: { 'app.kubernetes.io/name': a.name, 'app.kubernetes.io/component': 'management-agent' },
    image: 'public.ecr.aws/hybrid-fleet/management-agent:v4.6.2',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'eks.amazonaws.com/nodegroup', operator: 'In', values: [a.nodeGroup] },
                { key: 'eks.amazonaws.com/compute-type', operator: 'NotIn', values: ['hybrid', 'fargate'] },
              ],
            },
          ],
        },
      },
    },
    replicas: 1,
  });
}
