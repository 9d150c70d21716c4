/** Maps a request path onto discovery documents or a resource (with namespace, name and subresource). */
import { RESOURCES, type ResourceInfo } from './resources';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'discovery'; path: 'api' | 'apis' | 'group' | 'resources'; group: string }
  | { kind: 'resource'; info: ResourceInfo; namespace?: string; name?: string; subresource?: string }
  | { kind: 'unknown' };

export function route(pathname: string): Route {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, a, b] = segs;
  if (segs.length === 1 && root === 'version') return { kind: 'version' };
  if (segs.length >= 1 && ['healthz', 'livez', 'readyz'].includes(root ?? '')) return { kind: 'health' };
  if (root === 'api') {
    if (segs.length === 1) return { kind: 'discovery', path: 'api', group: '' };
    if (a !== 'v1') return { kind: 'unknown' };
    return segs.length === 2
      ? { kind: 'discovery', path: 'resources', group: '' }
      : resourceRoute('', segs.slice(2));
  }
  if (root === 'apis') {
    if (segs.length === 1) return { kind: 'discovery', path: 'apis', group: '' };
    if (segs.length === 2) return { kind: 'discovery', path: 'group', group: a ?? '' };
    const version = Object.values(RESOURCES).find((r) => r.group === a)?.version;
    if (b !== version) return { kind: 'unknown' };
    return segs.length === 3
      ? { kind: 'discovery', path: 'resources', group: a ?? '' }
      : resourceRoute(a ?? '', segs.slice(3));
  }
  return { kind: 'unknown' };
}

function resourceRoute(group: string, segs: string[]): Route {
  let namespace: string | undefined;
  let rest = segs;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    rest = segs.slice(2);
  }
  const [resource, name, subresource, ...extra] = rest;
  const info = Object.values(RESOURCES).find((r) => r.resource === resource && r.group === group);
  if (!info || extra.length > 0 || (namespace !== undefined && !info.namespaced)) return { kind: 'unknown' };
  return {
    kind: 'resource',
    info,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
  };
}

/** The operation name faults are keyed on, e.g. listNodes, patchNode, createEviction, patchDeploymentStatus. */
export function operationName(
  r: { info: ResourceInfo; name?: string; subresource?: string; url: URL },
  method: string,
): string {
  if (r.subresource === 'eviction') return 'createEviction';
  if (!r.name) {
    if (method === 'POST') return `create${r.info.kind}`;
    const watching = ['1', 'true'].includes(r.url.searchParams.get('watch') ?? '');
    return `${watching ? 'watch' : 'list'}${r.info.kind}s`;
  }
  const verb =
    { GET: 'get', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' }[method] ?? method.toLowerCase();
  return `${verb}${r.info.kind}${r.subresource === 'status' ? 'Status' : ''}`;
}
