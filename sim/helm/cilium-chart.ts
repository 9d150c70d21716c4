/**
 * The parts of AWS's Cilium chart (oci://public.ecr.aws/eks/cilium/cilium) the simulator renders: the agent
 * DaemonSet `cilium`, the Deployment `cilium-operator` and the ConfigMap `cilium-config`, from the chart's
 * defaults (as in the chart's values.yaml) coalesced with the release's values.
 */
import type { KubeObject } from '../kube/store';
import { mergeValues, type Values } from './merge-values';

export const CILIUM_CHART_NAME = 'cilium';

/** The defaults of the chart's values.yaml that the rendered objects depend on. */
export const CILIUM_DEFAULTS: Values = {
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'k8s-app': 'cilium' } } },
      ],
    },
  },
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  tolerations: [{ operator: 'Exists' }],
  updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
  cluster: { name: 'default', id: 0 },
  routingMode: '',
  tunnelProtocol: '',
  kubeProxyReplacement: 'false',
  loadBalancer: { serviceTopology: false },
  ipv4: { enabled: true },
  ipv6: { enabled: false },
  ipam: {
    mode: 'cluster-pool',
    operator: { clusterPoolIPv4PodCIDRList: ['10.0.0.0/8'], clusterPoolIPv4MaskSize: 24 },
  },
  operator: {
    enabled: true,
    replicas: 2,
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: { matchLabels: { 'io.cilium/app': 'operator' } },
          },
        ],
      },
    },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ operator: 'Exists' }],
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '50%' } },
    unmanagedPodWatcher: { restart: true, intervalSeconds: 15 },
  },
};

export interface RenderedCilium {
  daemonSet: KubeObject;
  deployment: KubeObject;
  configMap: KubeObject;
}

/** The three objects as `helm template` would give them for this chart version and these user values. */
export function renderCilium(o: {
  chartVersion: string;
  release: string;
  namespace: string;
  values: Values;
  /** Labels a post-renderer adds to every object (Flux adds its helm.toolkit.fluxcd.io/name and /namespace). */
  extraLabels?: Record<string, string>;
}): RenderedCilium {
  const v = mergeValues(CILIUM_DEFAULTS, o.values);
  const image = (repo: string) => `public.ecr.aws/eks/cilium/${repo}:v${o.chartVersion}`;
  const managed = {
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': `${CILIUM_CHART_NAME}-${o.chartVersion}`,
    ...o.extraLabels,
  };
  const annotations = {
    'meta.helm.sh/release-name': o.release,
    'meta.helm.sh/release-namespace': o.namespace,
  };
  const agentLabels = {
    'k8s-app': 'cilium',
    'app.kubernetes.io/name': 'cilium-agent',
    'app.kubernetes.io/part-of': 'cilium',
  };
  const operatorLabels = {
    'io.cilium/app': 'operator',
    name: 'cilium-operator',
    'app.kubernetes.io/name': 'cilium-operator',
    'app.kubernetes.io/part-of': 'cilium',
  };
  const podSpec = (name: string, img: string, scope: Values, priorityClassName: string) => ({
    ...(scope.affinity ? { affinity: scope.affinity } : {}),
    ...(scope.nodeSelector ? { nodeSelector: scope.nodeSelector } : {}),
    ...(scope.tolerations ? { tolerations: scope.tolerations } : {}),
    containers: [{ name, image: img, resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    priorityClassName,
    serviceAccountName: name,
    hostNetwork: true,
  });
  const daemonSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'cilium', namespace: o.namespace, labels: { ...agentLabels, ...managed }, annotations },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'cilium' } },
      template: {
        metadata: { labels: agentLabels },
        spec: podSpec('cilium-agent', image('cilium'), v, 'system-node-critical'),
      },
      updateStrategy: v.updateStrategy,
      revisionHistoryLimit: 10,
    },
    status: {},
  };
  const deployment: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'cilium-operator',
      namespace: o.namespace,
      labels: { ...operatorLabels, ...managed },
      annotations,
    },
    spec: {
      replicas: v.operator.replicas,
      selector: { matchLabels: { 'io.cilium/app': 'operator', name: 'cilium-operator' } },
      template: {
        metadata: { labels: operatorLabels },
        spec: podSpec('cilium-operator', image('operator-generic'), v.operator, 'system-cluster-critical'),
      },
      strategy: v.operator.updateStrategy,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cilium-config', namespace: o.namespace, labels: { ...managed }, annotations },
    data: ciliumConfig(v),
  };
  return { daemonSet, deployment, configMap };
}

/** The cilium-config keys, named as the chart's configmap template names them. */
function ciliumConfig(v: Values): Record<string, string> {
  const pool = v.ipam?.operator?.clusterPoolIPv4PodCIDRList;
  const cidrs = Array.isArray(pool) ? pool.join(' ') : String(pool ?? '');
  const routingMode = v.routingMode || 'tunnel';
  return {
    'cluster-name': String(v.cluster?.name ?? 'default'),
    'cluster-id': String(v.cluster?.id ?? 0),
    ipam: String(v.ipam?.mode ?? 'cluster-pool'),
    ...(v.ipam?.mode === 'cluster-pool'
      ? {
          'cluster-pool-ipv4-cidr': cidrs,
          'cluster-pool-ipv4-mask-size': String(v.ipam?.operator?.clusterPoolIPv4MaskSize ?? 24),
        }
      : {}),
    'enable-ipv4': String(v.ipv4?.enabled !== false),
    'enable-ipv6': String(v.ipv6?.enabled === true),
    'kube-proxy-replacement': String(v.kubeProxyReplacement ?? 'false'),
    'routing-mode': routingMode,
    ...(routingMode === 'tunnel' ? { 'tunnel-protocol': v.tunnelProtocol || 'vxlan' } : {}),
    ...(v.loadBalancer?.serviceTopology === true ? { 'enable-service-topology': 'true' } : {}),
    'unmanaged-pod-watcher-interval': v.operator?.unmanagedPodWatcher?.restart
      ? String(v.operator.unmanagedPodWatcher.intervalSeconds ?? 15)
      : '0',
  };
}
