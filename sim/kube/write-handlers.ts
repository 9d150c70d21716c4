/** Writing verbs: create, replace (PUT), patch and delete, each with server-side dry run. */
import { alreadyExists, badRequest, conflict, KubeError, notFound } from './errors';
import { readJsonBody, sendJson } from './http';
import { applyPatch, PATCH_CONTENT_TYPES } from './patch';
import { deletePod } from './pod-deletion';
import type { ResourceRequest } from './resource-request';
import type { KubeObject } from './types';

export async function create(r: ResourceRequest): Promise<void> {
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

export async function replace(r: ResourceRequest): Promise<void> {
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

export async function patch(r: ResourceRequest): Promise<void> {
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

export async function remove(r: ResourceRequest): Promise<void> {
  const gone = isDryRun(r)
    ? r.store.get(r.info.resource, r.name!, r.namespace)
    : r.info.resource === 'pods'
      ? deletePod(r.store, r.name!, r.namespace ?? 'default', await gracePeriodOf(r))
      : r.store.delete(r.info.resource, r.name!, r.namespace);
  if (!gone) throw notFound(r.info.resource, r.name!, r.info.group);
  sendJson(r.res, 200, gone);
}

/** DeleteOptions' gracePeriodSeconds, from the query or the body (`kubectl delete --grace-period`). */
async function gracePeriodOf(r: ResourceRequest): Promise<number | undefined> {
  const query = r.url.searchParams.get('gracePeriodSeconds');
  if (query !== null && query !== '') return Number(query);
  const body = (await readJsonBody(r.req)) as { gracePeriodSeconds?: unknown } | undefined;
  return typeof body?.gracePeriodSeconds === 'number' ? body.gracePeriodSeconds : undefined;
}

/** `?dryRun=All`: everything is checked and answered, nothing is stored. */
export function isDryRun(r: ResourceRequest): boolean {
  return r.url.searchParams.get('dryRun') === 'All';
}
