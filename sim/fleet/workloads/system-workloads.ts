import type { KubeObject } from '../../kube/store';
import {
  AWS_NODE_DEFAULT_AFFINITY,
  COREDNS_DEFAULT_AFFINITY,
  COREDNS_DEFAULT_TOLERATIONS,
} from './affinities';
import { daemonSet, deployment, podDisruptionBudget } from './manifests';

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

export function coreDns(region: string): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };
  return [
    deployment({
      name: 'coredns',
      namespace: 'kube-system',
      labels,
      image: `602401143452.dkr.ecr.${region}.amazonaws.com/eks/coredns:v1.11.4-eksbuild.2`,
      replicas: 2,
      affinity: structuredClone(COREDNS_DEFAULT_AFFINITY),
      tolerations: structuredClone(COREDNS_DEFAULT_TOLERATIONS),
      priorityClassName: 'system-cluster-critical',
    }),
    podDisruptionBudget('coredns', 'kube-system', labels, 1),
  ];
}

/** An application Deployment pinned to hybrid nodes, cloud workers, or neither, with an optional budget. */
