import { CILIUM_CHART } from './cni-set-plan';
import type { Values } from './helm-values';

export const HELM_RELEASE = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' };
export const OCI_REPOSITORY = { group: 'source.toolkit.fluxcd.io', version: 'v1', plural: 'ocirepositories' };

/** Flux's OCIRepository for AWS's Cilium chart at one tag (Helm charts are one layer, copied as is). */
export function ciliumOciRepository(namespace: string, name: string, tag: string): Values {
  return {
    apiVersion: `${OCI_REPOSITORY.group}/${OCI_REPOSITORY.version}`,
    kind: 'OCIRepository',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'hybrid-bot' } },
    spec: {
      interval: '10m',
      url: CILIUM_CHART,
      ref: { tag },
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    },
  };
}

/**
 * The HelmRelease's spec for the layer: what the existing one had (interval, install and upgrade
 * settings) with its chart taken from the OCIRepository and its values replaced by the full values,
 * since an upgrade overwrites cilium-config with whatever values it is given.
 */
export function ciliumHelmReleaseSpec(
  existing: Values | undefined,
  source: { namespace: string; name: string },
  values: Values,
): Values {
  // An existing release keeps where it installs (release name, target and storage namespaces) as it is.
  const {
    chart: _chart,
    chartRef: _ref,
    values: _values,
    valuesFrom: _from,
    ...kept
  } = existing ?? {
    interval: '10m',
    releaseName: 'cilium',
    targetNamespace: 'kube-system',
  };
  return {
    ...kept,
    chartRef: { kind: 'OCIRepository', name: source.name, namespace: source.namespace },
    values,
  };
}

export function ciliumHelmRelease(namespace: string, name: string, spec: Values): Values {
  return {
    apiVersion: `${HELM_RELEASE.group}/${HELM_RELEASE.version}`,
    kind: 'HelmRelease',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'hybrid-bot' } },
    spec,
  };
}

/** Where the HelmRelease takes its chart from: its own OCIRepository when it has one, else one beside it. */
export function ociSourceOf(
  existing: Values | undefined,
  release: { namespace: string; name: string },
): { namespace: string; name: string } {
  const ref = existing?.chartRef as { kind?: string; name?: string; namespace?: string } | undefined;
  if (ref?.kind === 'OCIRepository' && ref.name)
    return { namespace: ref.namespace ?? release.namespace, name: ref.name };
  return { namespace: release.namespace, name: release.name };
}
