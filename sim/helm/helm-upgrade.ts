/**
 * `helm upgrade --install <release> oci://public.ecr.aws/eks/cilium/cilium --version <v> -n <ns> -f values.yaml`
 * against one simulated cluster: the chart is fetched (known tags only), the values checked against the chart's
 * schema, the objects rendered and applied, and the release revision stored. Refusals change nothing.
 */
import type { KubeObject, KubeResource, KubeStore } from '../kube/store';
import { CILIUM_CHART_NAME, CILIUM_DEFAULTS, renderCilium } from './cilium-chart';
import { CILIUM_CHART_URL, CILIUM_CHART_VERSIONS } from './cilium-chart-versions';
import { mergeValues, type Values } from './merge-values';
import { deployedRelease, releaseHistory, type StoredRelease, writeRelease } from './release-storage';
import { schemaError } from './values-schema';

export interface HelmUpgradeRequest {
  release: string;
  namespace: string;
  chart: string;
  version: string;
  values: Values;
}

export interface HelmUpgradeResult {
  release: string;
  namespace: string;
  revision: number;
  status: 'deployed';
  chart: string;
  description: string;
}

/** A refusal with Helm's message (what `helm` prints after "Error: "). */
export class HelmError extends Error {}

/** The chart at that reference, or Helm's error when the registry has no such tag. */
export function fetchChart(chart: string, version: string): { name: string; version: string } {
  const ref = `${chart.replace(/^oci:\/\//, '')}:${version}`;
  if (!chart.startsWith('oci://')) throw new HelmError(`repo ${chart} not found`);
  if (chart !== CILIUM_CHART_URL || !CILIUM_CHART_VERSIONS.includes(version)) {
    throw new HelmError(`failed to perform "FetchReference" on source: ${ref}: not found`);
  }
  return { name: CILIUM_CHART_NAME, version };
}

export function helmUpgradeInstall(
  store: KubeStore,
  req: HelmUpgradeRequest,
  now: Date,
  o: { extraLabels?: Record<string, string> } = {},
): HelmUpgradeResult {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(req.release) || req.release.length > 53) {
    throw new HelmError(
      `release name "${req.release}": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`,
    );
  }
  if (!store.get('namespaces', req.namespace)) {
    throw new HelmError(`create: failed to create: namespaces "${req.namespace}" not found`);
  }
  const chart = fetchChart(req.chart, req.version);
  const problem = schemaError(chart.name, mergeValues(CILIUM_DEFAULTS, req.values));
  if (problem) throw new HelmError(problem);

  const rendered = renderCilium({
    chartVersion: chart.version,
    release: req.release,
    namespace: req.namespace,
    values: req.values,
    extraLabels: o.extraLabels,
  });
  const history = releaseHistory(store, req.namespace, req.release);
  const previous = deployedRelease(store, req.namespace, req.release);
  const revision = (history.at(-1)?.version ?? 0) + 1;
  const at = now.toISOString();
  const description = history.length === 0 ? 'Install complete' : 'Upgrade complete';

  apply(store, 'configmaps', rendered.configMap);
  apply(store, 'daemonsets', rendered.daemonSet);
  apply(store, 'deployments', rendered.deployment);

  if (previous) writeRelease(store, { ...previous, info: { ...previous.info, status: 'superseded' } }, now);
  const release: StoredRelease = {
    name: req.release,
    namespace: req.namespace,
    version: revision,
    info: {
      first_deployed: history[0]?.info.first_deployed ?? at,
      last_deployed: at,
      deleted: '',
      description,
      status: 'deployed',
    },
    chart: {
      metadata: {
        name: chart.name,
        version: chart.version,
        appVersion: chart.version.replace(/-\d+$/, ''),
        apiVersion: 'v2',
      },
    },
    config: req.values,
    // Each document as JSON, which is YAML too, and costs a fraction of a YAML writer over thousands of clusters.
    manifest: [
      ['cilium-configmap.yaml', rendered.configMap],
      ['cilium-agent/daemonset.yaml', rendered.daemonSet],
      ['cilium-operator/deployment.yaml', rendered.deployment],
    ]
      .map(
        ([file, m]) =>
          `---\n# Source: cilium/templates/${file}\n${JSON.stringify(withoutStatus(m as KubeObject), null, 2)}\n`,
      )
      .join(''),
  };
  writeRelease(store, release, now);
  return {
    release: req.release,
    namespace: req.namespace,
    revision,
    status: 'deployed',
    chart: `${chart.name}-${chart.version}`,
    description,
  };
}

/** Creates the object or replaces what the chart owns in it, keeping what the cluster wrote (status). */
function apply(store: KubeStore, resource: KubeResource, desired: KubeObject): void {
  const { name, namespace } = desired.metadata;
  if (!store.get(resource, name, namespace)) {
    store.create(resource, desired);
    return;
  }
  store.update(resource, name, namespace, (o) => {
    o.metadata.labels = desired.metadata.labels;
    o.metadata.annotations = { ...o.metadata.annotations, ...desired.metadata.annotations };
    if (desired.spec !== undefined) o.spec = desired.spec;
    if (desired.data !== undefined) o.data = desired.data;
  });
}

function withoutStatus(o: KubeObject): KubeObject {
  const { status: _status, ...rest } = o;
  return rest as KubeObject;
}
