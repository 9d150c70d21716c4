/** Dispatches a request on one resource to its verb: list, watch, get, create, replace, patch, delete, evict. */
import { KubeError } from './errors';
import { evictPod } from './eviction';
import { readJsonBody, sendJson, successStatus } from './http';
import { get, list } from './read-handlers';
import type { ResourceRequest } from './resource-request';
import { create, isDryRun, patch, remove, replace } from './write-handlers';

export async function handleResource(r: ResourceRequest): Promise<void> {
  const method = r.req.method ?? 'GET';
  if (r.subresource !== undefined && !['status', 'eviction'].includes(r.subresource)) throw pageNotFound();
  if (r.subresource === 'eviction') {
    if (r.info.resource !== 'pods' || method !== 'POST') throw methodNotAllowed(method);
    evictPod(r.store, r.namespace ?? 'default', r.name ?? '', await readJsonBody(r.req), isDryRun(r));
    return sendJson(r.res, 201, successStatus(201));
  }
  if (!r.name) {
    if (method === 'GET') return list(r);
    if (method === 'POST') return create(r);
    throw methodNotAllowed(method);
  }
  if (r.info.namespaced && r.namespace === undefined) throw pageNotFound();
  switch (method) {
    case 'GET':
      return get(r);
    case 'PUT':
      return replace(r);
    case 'PATCH':
      return patch(r);
    case 'DELETE':
      return remove(r);
    default:
      throw methodNotAllowed(method);
  }
}

export function pageNotFound(): KubeError {
  return new KubeError(404, 'NotFound', 'the server could not find the requested resource');
}

function methodNotAllowed(method: string): KubeError {
  return new KubeError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}
