/** A small cluster for tests: the store seeded with real-looking EKS objects, served over HTTPS with EKS auth. */
import { type KubeApiServerOptions, startKubeApiServer } from '../../../sim/kube/api-server';
import { createCertificateAuthority } from '../../../sim/kube/certificate-authority';
import { eksAuthenticator } from '../../../sim/kube/eks-authenticator';
import { KubeStore } from '../../../sim/kube/store';
import type { KubeObject } from '../../../sim/kube/types';
import { presignEksToken } from './presign-eks-token';

export const ACCESS_KEY = 'AKIDSIMULATEDEXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const ready = (status: 'True' | 'False') => [{ type: 'Ready', status, reason: 'KubeletReady' }];

function node(name: string, labels: Record<string, string>, ip: string, kubelet: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...labels,
      },
    },
    spec: {},
    status: {
      conditions: ready('True'),
      addresses: [{ type: 'InternalIP', address: ip }],
      nodeInfo: {
        kubeletVersion: kubelet,
        osImage: 'Ubuntu 22.04.5 LTS',
        containerRuntimeVersion: 'containerd://1.7.27',
      },
    },
  };
}

export const CLOUD_NODE = 'ip-10-0-1-23.us-west-2.compute.internal';
export const SSM_NODE = 'mi-0a1b2c3d4e5f60718';
export const IAMRA_NODE = 'edge-plant-3-01';

function pod(namespace: string, name: string, app: string, nodeName: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app } },
    spec: { nodeName, containers: [{ name: app, image: `${app}:1` }] },
    status: {
      phase: 'Running',
      conditions: ready('True'),
      containerStatuses: [{ name: app, ready: true, restartCount: 0 }],
    },
  };
}

export function seededStore(): KubeStore {
  const store = new KubeStore();
  store.create(
    'nodes',
    node(
      CLOUD_NODE,
      {
        'eks.amazonaws.com/nodegroup': 'agents',
        'node.kubernetes.io/instance-type': 't3.xlarge',
        'topology.kubernetes.io/zone': 'us-west-2a',
      },
      '10.0.1.23',
      'v1.31.7-eks-473151a',
    ),
  );
  for (const [name, provider, ip] of [
    [SSM_NODE, 'ssm', '10.80.1.10'],
    [IAMRA_NODE, 'iam-ra', '10.80.2.10'],
  ] as const) {
    store.create(
      'nodes',
      node(
        name,
        {
          'eks.amazonaws.com/compute-type': 'hybrid',
          'eks.amazonaws.com/hybrid-credential-provider': provider,
        },
        ip,
        'v1.31.7-eks-473151a',
      ),
    );
  }
  store.create('namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'shop' },
    status: { phase: 'Active' },
  });
  store.create('pods', pod('shop', 'web-1', 'web', SSM_NODE));
  store.create('pods', pod('shop', 'web-2', 'web', IAMRA_NODE));
  store.create('pods', pod('palette-system', 'agent-7d9f-x2k4q', 'agent', CLOUD_NODE));
  store.create('poddisruptionbudgets', {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  });
  store.create('daemonsets', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'aws-node', namespace: 'kube-system', labels: { 'k8s-app': 'aws-node' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'aws-node' } },
      template: { spec: { containers: [{ name: 'aws-node', image: 'amazon-k8s-cni:v1.19.2' }] } },
    },
    status: {
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    },
  });
  store.create('deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'agent', namespace: 'palette-system' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'agent' } },
      template: { spec: { containers: [{ name: 'agent', image: 'agent:1' }] } },
    },
    status: {
      replicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      updatedReplicas: 1,
      observedGeneration: 1,
    },
  });
  return store;
}

export async function startDemoCluster(extra: Partial<KubeApiServerOptions> = {}) {
  const ca = createCertificateAuthority();
  const store = seededStore();
  const server = await startKubeApiServer({
    clusterName: 'demo',
    store,
    tls: ca.issueServerCertificate(['127.0.0.1', 'localhost']),
    authenticate: eksAuthenticator({
      clusterName: 'demo',
      lookupSecret: (id) => (id === ACCESS_KEY ? SECRET : undefined),
    }),
    ...extra,
  });
  const token = (clusterName = 'demo') =>
    presignEksToken({ clusterName, accessKeyId: ACCESS_KEY, secretAccessKey: SECRET });
  return { ca, store, server, token };
}
