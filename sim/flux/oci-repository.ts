/**
 * source-controller's OCIRepository reconcile, for the one registry the simulator knows: a known tag becomes the
 * artifact (revision `<tag>@sha256:<digest>`, Ready True Succeeded); an unknown one is Ready False
 * OCIArtifactPullFailed with the registry's answer, keeping the last artifact and observedGeneration, as Flux does.
 */
import { createHash } from 'node:crypto';
import { CILIUM_CHART_URL, CILIUM_CHART_VERSIONS } from '../helm/cilium-chart-versions';
import type { KubeObject } from '../kube/store';
import { type Condition, setCondition } from './conditions';

export function reconcileOciRepository(repo: KubeObject, now: Date): KubeObject['status'] {
  const status = structuredClone(repo.status ?? {});
  const generation = repo.metadata.generation ?? 1;
  const url: string = repo.spec?.url ?? '';
  const tag: string = repo.spec?.ref?.tag ?? 'latest';
  const host = url.replace(/^oci:\/\//, '').split('/')[0] ?? '';
  const path = url.replace(/^oci:\/\/[^/]+\//, '');
  let conditions: Condition[] = status.conditions ?? [];
  if (url !== CILIUM_CHART_URL || !CILIUM_CHART_VERSIONS.includes(tag)) {
    const message = `failed to determine artifact digest: GET https://${host}/v2/${path}/manifests/${tag}: MANIFEST_UNKNOWN: manifest unknown; map[Tag:${tag}]`;
    conditions = setCondition(
      conditions,
      {
        type: 'Ready',
        status: 'False',
        reason: 'OCIArtifactPullFailed',
        message,
        observedGeneration: generation,
      },
      now,
    );
    conditions = setCondition(
      conditions,
      {
        type: 'FetchFailed',
        status: 'True',
        reason: 'OCIArtifactPullFailed',
        message,
        observedGeneration: generation,
      },
      now,
    );
    return { ...status, conditions };
  }
  const digest = `sha256:${createHash('sha256').update(`${url}:${tag}`).digest('hex')}`;
  const revision = `${tag}@${digest}`;
  const artifact = {
    digest,
    lastUpdateTime:
      status.artifact?.revision === revision
        ? status.artifact.lastUpdateTime
        : now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    path: `ocirepository/${repo.metadata.namespace}/${repo.metadata.name}/${digest.slice(7)}.tar.gz`,
    revision,
    size: 47_000,
    url: `http://source-controller.flux-system.svc.cluster.local./ocirepository/${repo.metadata.namespace}/${repo.metadata.name}/${digest.slice(7)}.tar.gz`,
  };
  const message = `stored artifact for digest '${revision}'`;
  conditions = conditions.filter((c) => c.type !== 'FetchFailed');
  conditions = setCondition(
    conditions,
    { type: 'Ready', status: 'True', reason: 'Succeeded', message, observedGeneration: generation },
    now,
  );
  conditions = setCondition(
    conditions,
    {
      type: 'ArtifactInStorage',
      status: 'True',
      reason: 'Succeeded',
      message,
      observedGeneration: generation,
    },
    now,
  );
  return { ...status, artifact, conditions, observedGeneration: generation, url: artifact.url };
}

/** helm-controller's view of a source (isReady in its HelmRelease reconciler): ready, or why not. */
export function sourceReadiness(
  repo: KubeObject,
): { ready: true; tag: string } | { ready: false; message: string } {
  const id = `OCIRepository '${repo.metadata.namespace}/${repo.metadata.name}'`;
  const ready = (repo.status?.conditions ?? []).find((c: Condition) => c.type === 'Ready') as
    | Condition
    | undefined;
  if ((repo.metadata.generation ?? 1) !== repo.status?.observedGeneration) {
    const why =
      ready?.status === 'False' ? ready.message : 'latest generation of object has not been reconciled';
    return { ready: false, message: `${id} is not ready: ${why}` };
  }
  const revision: string | undefined = repo.status?.artifact?.revision;
  if (!revision) return { ready: false, message: `${id} is not ready: does not have an artifact` };
  return { ready: true, tag: revision.split('@')[0]! };
}
