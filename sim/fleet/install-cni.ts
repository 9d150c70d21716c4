/** What a team did to a scenario cluster before the story starts: Flux installed, Cilium released by Helm or Flux. */
import type { Clock } from '../clock';
import { FluxController } from '../flux/flux-controller';
import { CILIUM_CHART_URL, chartVersionOf } from '../helm/cilium-chart-versions';
import { HelmError, helmUpgradeInstall } from '../helm/helm-upgrade';
import { recommendedCiliumValues } from '../helm/recommended-values';
import type { KubeStore } from '../kube/store';
import type { ClusterSpec } from '../scenario/schema';
import type { Fleet } from './fleet';
import type { Cluster } from './types';
import { deployment, namespace } from './workloads/manifests';

/** Flux's CRDs, its flux-system namespace with source- and helm-controller, and their reconciler. */
export function installFlux(store: KubeStore, clock: Clock, pollMs?: number): FluxController {
  store.serveCustomResources(['helmreleases', 'ocirepositories']);
  if (!store.get('namespaces', 'flux-system')) store.create('namespaces', namespace('flux-system'));
  for (const name of ['source-controller', 'helm-controller']) {
    store.create(
      'deployments',
      deployment({
        name,
        namespace: 'flux-system',
        labels: { app: name, 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/component': name },
        image: `ghcr.io/fluxcd/${name}:${name === 'helm-controller' ? 'v1.3.0' : 'v1.6.2'}`,
        replicas: 1,
        priorityClassName: 'system-cluster-critical',
      }),
    );
  }
  return new FluxController(store, clock, pollMs);
}

export function installCilium(
  fleet: Fleet,
  cluster: Cluster,
  spec: NonNullable<ClusterSpec['cilium']>,
  podCidrs: string[],
): void {
  const version = chartVersionOf(spec.version);
  const values = spec.values ?? recommendedCiliumValues(podCidrs);
  const store = cluster.store;
  if (spec.owner === 'flux') {
    store.create('ocirepositories', {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'cilium', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        url: CILIUM_CHART_URL,
        ref: { tag: version },
        layerSelector: {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
          operation: 'copy',
        },
      },
    });
    store.create('helmreleases', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'cilium', namespace: 'kube-system' },
      spec: {
        interval: '10m',
        releaseName: 'cilium',
        chartRef: { kind: 'OCIRepository', name: 'cilium', namespace: 'flux-system' },
        values,
      },
    });
    fleet.flux.get(cluster.name)?.reconcileAll();
    return;
  }
  try {
    helmUpgradeInstall(
      store,
      { release: 'cilium', namespace: 'kube-system', chart: CILIUM_CHART_URL, version, values },
      fleet.now(),
    );
  } catch (e) {
    if (e instanceof HelmError)
      throw new Error(`cluster ${cluster.name}: cilium ${spec.version}: ${e.message}`);
    throw e;
  }
}
