/**
 * What an EKS add-on's configuration values do to the objects EKS manages for it: vpc-cni's `affinity` and
 * `tolerations` land on the `aws-node` DaemonSet, coredns's `replicaCount`, `affinity` and `tolerations` on the
 * `coredns` Deployment. A key left out goes back to the add-on's default, as EKS re-applies the whole add-on.
 */
import type { KubeStore } from '../kube/store';
import {
  AWS_NODE_DEFAULT_AFFINITY,
  COREDNS_DEFAULT_AFFINITY,
  COREDNS_DEFAULT_TOLERATIONS,
} from './workloads/affinities';

// biome-ignore lint/suspicious/noExplicitAny: add-on configuration is free-form JSON checked against its schema.
type Config = Record<string, any>;

export function applyAddonConfiguration(store: KubeStore, addonName: string, config: Config): void {
  if (addonName === 'vpc-cni' && store.get('daemonsets', 'aws-node', 'kube-system')) {
    store.update('daemonsets', 'aws-node', 'kube-system', (ds) => {
      const pod = ds.spec.template.spec;
      pod.affinity = config.affinity ?? structuredClone(AWS_NODE_DEFAULT_AFFINITY);
      pod.tolerations = config.tolerations ?? [{ operator: 'Exists' }];
    });
  }
  if (addonName === 'coredns' && store.get('deployments', 'coredns', 'kube-system')) {
    store.update('deployments', 'coredns', 'kube-system', (d) => {
      d.spec.replicas = config.replicaCount ?? 2;
      const pod = d.spec.template.spec;
      // null takes the key away altogether, as in Helm values.
      if (config.affinity === null) delete pod.affinity;
      else pod.affinity = config.affinity ?? structuredClone(COREDNS_DEFAULT_AFFINITY);
      pod.tolerations = config.tolerations ?? structuredClone(COREDNS_DEFAULT_TOLERATIONS);
    });
  }
}
