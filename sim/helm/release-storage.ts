/**
 * Helm 3's release storage as the `secret` driver keeps it: one Secret `sh.helm.release.v1.<release>.v<N>` of
 * type `helm.sh/release.v1` per revision, labelled name/owner=helm/status/version/modifiedAt, holding under
 * `release` the base64 of the gzipped release JSON (so over the API `data.release` is base64 twice, as with Helm).
 * The release JSON carries name, namespace, version, info, chart.metadata, config (the user-supplied values,
 * what `helm get values` prints) and manifest; the chart's templates and files are left out.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KubeObject, KubeStore } from '../kube/store';
import type { Values } from './merge-values';

export type ReleaseStatus = 'deployed' | 'superseded' | 'failed';

export interface StoredRelease {
  name: string;
  namespace: string;
  version: number;
  info: {
    first_deployed: string;
    last_deployed: string;
    deleted: string;
    description: string;
    status: ReleaseStatus;
  };
  chart: { metadata: { name: string; version: string; appVersion: string; apiVersion: 'v2' } };
  config: Values;
  manifest: string;
}

export const secretName = (release: string, version: number) => `sh.helm.release.v1.${release}.v${version}`;

export function encodeRelease(r: StoredRelease): string {
  return gzipSync(Buffer.from(JSON.stringify(r))).toString('base64');
}

export function decodeRelease(secret: KubeObject): StoredRelease {
  const inner = Buffer.from(String((secret.data as Record<string, string>).release), 'base64').toString();
  return JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString()) as StoredRelease;
}

/** Every stored revision of a release, oldest first. */
export function releaseHistory(store: KubeStore, namespace: string, release: string): StoredRelease[] {
  return store
    .list('secrets', { namespace, labelSelector: `owner=helm,name=${release}` })
    .items.map(decodeRelease)
    .sort((a, b) => a.version - b.version);
}

/** The revision `helm status` shows: the newest deployed one. */
export function deployedRelease(
  store: KubeStore,
  namespace: string,
  release: string,
): StoredRelease | undefined {
  return releaseHistory(store, namespace, release)
    .filter((r) => r.info.status === 'deployed')
    .at(-1);
}

export function writeRelease(store: KubeStore, r: StoredRelease, now: Date): void {
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'helm.sh/release.v1',
    metadata: {
      name: secretName(r.name, r.version),
      namespace: r.namespace,
      labels: {
        name: r.name,
        owner: 'helm',
        status: r.info.status,
        version: String(r.version),
        modifiedAt: String(Math.floor(now.getTime() / 1000)),
      },
    },
    data: { release: Buffer.from(encodeRelease(r)).toString('base64') },
  };
  if (store.get('secrets', secret.metadata.name, r.namespace)) {
    store.update('secrets', secret.metadata.name, r.namespace, (o) => {
      o.metadata.labels = secret.metadata.labels;
      o.data = secret.data;
    });
  } else {
    store.create('secrets', secret);
  }
}

/** `helm list -A`: the newest revision of each release, as Helm's JSON output names the fields. */
export function listReleases(store: KubeStore) {
  const newest = new Map<string, StoredRelease>();
  for (const secret of store.list('secrets', { labelSelector: 'owner=helm' }).items) {
    const r = decodeRelease(secret);
    const key = `${r.namespace}/${r.name}`;
    if ((newest.get(key)?.version ?? 0) < r.version) newest.set(key, r);
  }
  return [...newest.values()].map((r) => ({
    name: r.name,
    namespace: r.namespace,
    revision: String(r.version),
    updated: r.info.last_deployed,
    status: r.info.status,
    chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`,
    app_version: r.chart.metadata.appVersion,
  }));
}
