/** The verbs on one resource: list, watch, get, create, replace (PUT), patch and delete. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { alreadyExists, badRequest, conflict, KubeError, notFound } from './errors';
import { evictPod } from './eviction';
import { readJsonBody, sendJson, successStatus } from './http';
import { page } from './paging';
import { applyPatch, PATCH_CONTENT_TYPES } from './patch';
import { apiVersionOf, type ResourceInfo } from './resources';
import type { KubeStore } from './store';
import { type IncludeObject, toTable } from './table';
import type { KubeObject } from './types';
import { serveWatch } from './watch';

export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: KubeStore;
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Keeps open watches, so that closing the server can end them. */
  onWatch: (stop: () => void) => void;
}

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

function list(r: ResourceRequest): void {
  const q = r.url.searchParams;
  const selectors = {
    ...(r.namespace ? { namespace: r.namespace } : {}),
    ...(q.get('labelSelector') ? { labelSelector: q.get('labelSelector')! } : {}),
    ...(q.get('fieldSelector') ? { fieldSelector: q.get('fieldSelector')! } : {}),
  };
  if (['1', 'true'].includes(q.get('watch') ?? '')) {
    const timeout = Number(q.get('timeoutSeconds'));
    const stop = serveWatch(r.res, r.store, {
      resource: r.info.resource,
      ...selectors,
      ...(q.get('resourceVersion') ? { resourceVersion: q.get('resourceVersion')! } : {}),
      ...(timeout > 0 ? { timeoutSeconds: timeout } : {}),
      ...(wantsTable(r.req)
        ? {
            render: (o: KubeObject) =>
              toTable(
                r.info.resource,
                [o],
                { resourceVersion: o.metadata.resourceVersion },
                includeObject(q),
                new Date(),
              ),
          }
        : {}),
    });
    r.onWatch(stop);
    return;
  }
  const all = r.store.list(r.info.resource, selectors);
  const { items, continueToken, remaining } = page(all.items, q.get('limit'), q.get('continue'));
  const metadata = {
    resourceVersion: all.resourceVersion,
    ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}),
  };
  const body = wantsTable(r.req)
    ? toTable(r.info.resource, items, metadata, includeObject(q), new Date())
    : { kind: r.info.listKind, apiVersion: apiVersionOf(r.info), metadata, items };
  sendJson(r.res, 200, body);
}

function get(r: ResourceRequest): void {
  const obj = r.store.get(r.info.resource, r.name!, r.namespace);
  if (!obj) throw notFound(r.info.resource, r.name!, r.info.group);
  if (wantsTable(r.req)) {
    const table = toTable(
      r.info.resource,
      [obj],
      { resourceVersion: obj.metadata.resourceVersion },
      includeObject(r.url.searchParams),
      new Date(),
    );
    sendJson(r.res, 200, table);
    return;
  }
  sendJson(r.res, 200, obj);
}

async function create(r: ResourceRequest): Promise<void> {
  const body = (await readJsonBody(r.req)) as KubeObject | undefined;
  if (!body || typeof body !== 'object' || typeof body.metadata !== 'object')
    throw badRequest('the body must be an object with metadata');
  if (body.kind && body.kind !== r.info.kind)
    throw badRequest(`the kind ${body.kind} does not belong at this URL`);
  if (r.namespace && body.metadata.namespace && body.metadata.namespace !== r.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const obj = { ...body, metadata: { ...body.metadata, ...(r.namespace ? { namespace: r.namespace } : {}) } };
  if (isDryRun(r)) {
    if (r.store.get(r.info.resource, obj.metadata.name, r.namespace)) {
      throw alreadyExists(r.info.resource, obj.metadata.name, r.info.group);
    }
    sendJson(r.res, 201, obj);
    return;
  }
  const created = r.store.create(r.info.resource, obj);
  sendJson(r.res, 201, created);
}

async function replace(r: ResourceRequest): Promise<void> {
  const body = (await readJsonBody(r.req)) as KubeObject | undefined;
  if (!body || typeof body !== 'object' || typeof body.metadata !== 'object')
    throw badRequest('the body must be an object with metadata');
  if (body.metadata.name !== r.name) {
    throw badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${r.name})`,
    );
  }
  sendJson(
    r.res,
    200,
    write(r, () => body),
  );
}

async function patch(r: ResourceRequest): Promise<void> {
  const contentType = (r.req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const type = PATCH_CONTENT_TYPES[contentType];
  if (!type) {
    throw new KubeError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_CONTENT_TYPES).join(', ')}`,
    );
  }
  const body = await readJsonBody(r.req);
  sendJson(
    r.res,
    200,
    write(r, (current) => applyPatch(current, body, type) as KubeObject),
  );
}

/**
 * Stores what `change` makes of the current object. The main resource cannot change status and the
 * status subresource can change only status, as with kube-apiserver; a stale resourceVersion is a conflict.
 */
function write(r: ResourceRequest, change: (current: KubeObject) => KubeObject): KubeObject {
  if (isDryRun(r)) {
    const current = r.store.get(r.info.resource, r.name!, r.namespace);
    if (!current) throw notFound(r.info.resource, r.name!, r.info.group);
    return nextVersion(r, current, change);
  }
  return r.store.update(r.info.resource, r.name!, r.namespace, (o) => {
    const next = nextVersion(r, o, change);
    for (const k of Object.keys(o)) delete o[k];
    Object.assign(o, next);
  });
}

function nextVersion(
  r: ResourceRequest,
  current: KubeObject,
  change: (o: KubeObject) => KubeObject,
): KubeObject {
  const changed = change(structuredClone(current));
  if (!changed || typeof changed !== 'object' || typeof changed.metadata !== 'object') {
    throw badRequest('the result must be an object with metadata');
  }
  const rv = changed.metadata.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(r.info.resource, r.name!, r.info.group);
  const [base, from] = r.subresource === 'status' ? [current, changed] : [changed, current];
  const next: KubeObject = structuredClone({
    ...base,
    metadata: { ...base.metadata, resourceVersion: current.metadata.resourceVersion },
  });
  delete next.status;
  if (from.status !== undefined) next.status = structuredClone(from.status);
  return next;
}

function remove(r: ResourceRequest): void {
  const gone = isDryRun(r)
    ? r.store.get(r.info.resource, r.name!, r.namespace)
    : r.store.delete(r.info.resource, r.name!, r.namespace);
  if (!gone) throw notFound(r.info.resource, r.name!, r.info.group);
  sendJson(r.res, 200, gone);
}

/** `?dryRun=All`: everything is checked and answered, nothing is stored. */
function isDryRun(r: ResourceRequest): boolean {
  return r.url.searchParams.get('dryRun') === 'All';
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'PartialObjectMetadata';
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
