import type { KubeObject } from '../../kube/store';

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
