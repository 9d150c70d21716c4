/**
 * helm-controller's HelmRelease reconcile for a chartRef to an OCIRepository: resolve the source, then install
 * or upgrade the release when the stored one is not what Flux last released (a different chart version or
 * values, or a newer revision someone made by hand: Flux puts its own back). Failures follow Flux's defaults
 * (no remediation retries): Ready False with InstallFailed/UpgradeFailed and Stalled, until the spec changes.
 */
import { isDeepStrictEqual } from 'node:util';
import { HelmError, helmUpgradeInstall } from '../helm/helm-upgrade';
import type { Values } from '../helm/merge-values';
import { deployedRelease } from '../helm/release-storage';
import type { KubeObject, KubeStore } from '../kube/store';
import { type Condition, removeCondition, setCondition } from './conditions';
import { sourceReadiness } from './oci-repository';

export function reconcileHelmRelease(store: KubeStore, hr: KubeObject, now: Date): KubeObject['status'] {
  const status = structuredClone(hr.status ?? {});
  const generation = hr.metadata.generation ?? 1;
  const ns = hr.metadata.namespace ?? 'default';
  const mark = (c: Omit<Condition, 'observedGeneration' | 'lastTransitionTime'>) => {
    status.conditions = setCondition(status.conditions, { ...c, observedGeneration: generation }, now);
  };
  const done = () => ({ ...status, observedGeneration: generation });

  const ref = hr.spec?.chartRef;
  if (ref?.kind !== 'OCIRepository') {
    // HelmChart templates (spec.chart with a HelmRepository) are not modelled here.
    mark({
      type: 'Ready',
      status: 'False',
      reason: 'ArtifactFailed',
      message: 'could not get Source object: only spec.chartRef to an OCIRepository is supported',
    });
    return done();
  }
  const sourceNs = ref.namespace ?? ns;
  const source = store.get('ocirepositories', ref.name, sourceNs);
  if (!source) {
    mark({
      type: 'Ready',
      status: 'False',
      reason: 'ArtifactFailed',
      message: `could not get Source object: ocirepositories.source.toolkit.fluxcd.io "${ref.name}" not found`,
    });
    return done();
  }
  const readiness = sourceReadiness(source);
  if (!readiness.ready) {
    mark({ type: 'Ready', status: 'False', reason: 'SourceNotReady', message: readiness.message });
    return done();
  }

  const releaseName: string =
    hr.spec?.releaseName ??
    (hr.spec?.targetNamespace ? `${hr.spec.targetNamespace}-${hr.metadata.name}` : hr.metadata.name);
  const releaseNs: string = hr.spec?.targetNamespace ?? ns;
  const storageNs: string = hr.spec?.storageNamespace ?? ns;
  const values: Values = hr.spec?.values ?? {};
  const chartVersion = readiness.tag;
  const current = deployedRelease(store, storageNs, releaseName);
  const last = status.history?.[0];
  const inSync =
    current &&
    last &&
    current.version === last.version &&
    current.chart.metadata.version === chartVersion &&
    isDeepStrictEqual(current.config, values);
  if (inSync) {
    status.lastAttemptedGeneration = generation;
    return done();
  }
  // No retries by default: a failed attempt at this generation and revision waits for a change.
  const ready = (status.conditions ?? []).find((c: Condition) => c.type === 'Ready');
  if (
    status.lastAttemptedGeneration === generation &&
    status.lastAttemptedRevision === chartVersion &&
    ['InstallFailed', 'UpgradeFailed'].includes(ready?.reason)
  ) {
    return done();
  }

  const action = current ? 'upgrade' : 'install';
  const Action = current ? 'Upgrade' : 'Install';
  status.lastAttemptedGeneration = generation;
  status.lastAttemptedRevision = chartVersion;
  status.lastAttemptedReleaseAction = action;
  status.storageNamespace = storageNs;
  try {
    const result = helmUpgradeInstall(
      store,
      { release: releaseName, namespace: releaseNs, chart: source.spec.url, version: chartVersion, values },
      now,
      {
        extraLabels: {
          'helm.toolkit.fluxcd.io/name': hr.metadata.name,
          'helm.toolkit.fluxcd.io/namespace': ns,
        },
      },
    );
    const message = `Helm ${action} succeeded for release ${releaseNs}/${releaseName}.v${result.revision} with chart cilium@${chartVersion}`;
    status.history = [
      {
        name: releaseName,
        namespace: releaseNs,
        version: result.revision,
        status: 'deployed',
        chartName: 'cilium',
        chartVersion,
        appVersion: chartVersion.replace(/-\d+$/, ''),
        firstDeployed: status.history?.at(-1)?.firstDeployed ?? now.toISOString(),
        lastDeployed: now.toISOString(),
      },
      ...(status.history ?? []).map((h: Values) => ({ ...h, status: 'superseded' })),
    ].slice(0, 5);
    status.conditions = removeCondition(status.conditions, 'Stalled');
    mark({ type: 'Released', status: 'True', reason: `${Action}Succeeded`, message });
    mark({ type: 'Ready', status: 'True', reason: `${Action}Succeeded`, message });
  } catch (e) {
    if (!(e instanceof HelmError)) throw e;
    const message = `Helm ${action} failed for release ${releaseNs}/${releaseName} with chart cilium@${chartVersion}: ${e.message}`;
    mark({ type: 'Released', status: 'False', reason: `${Action}Failed`, message });
    mark({ type: 'Ready', status: 'False', reason: `${Action}Failed`, message });
    mark({
      type: 'Stalled',
      status: 'True',
      reason: 'RetriesExceeded',
      message: `Failed to ${action} after 1 attempt(s)`,
    });
  }
  return done();
}
