/** Reading verbs: list (with paging and tables), watch and get. */
import type { IncomingMessage } from 'node:http';
import { notFound } from './errors';
import { sendJson } from './http';
import { decodeContinue, expiredContinue, type Page, page } from './paging';
import type { ResourceRequest } from './resource-request';
import { apiVersionOf } from './resources';
import type { ListOptions } from './store';
import { type IncludeObject, toTable } from './table';
import type { KubeObject } from './types';
import { serveWatch } from './watch';

export function list(r: ResourceRequest): void {
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
  const { items, resourceVersion, continueToken, remaining } = listPage(r, selectors);
  const metadata = {
    resourceVersion,
    ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}),
  };
  const body = wantsTable(r.req)
    ? toTable(r.info.resource, items, metadata, includeObject(q), new Date())
    : { kind: r.info.listKind, apiVersion: apiVersionOf(r.info), metadata, items };
  sendJson(r.res, 200, body);
}

export function get(r: ResourceRequest): void {
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

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'PartialObjectMetadata';
}

/** A first page reads the store now; a continued one reads it at its token's resourceVersion. */
function listPage(r: ResourceRequest, selectors: ListOptions): Page {
  const q = r.url.searchParams;
  const token = q.get('continue');
  if (!token) {
    const now = r.store.list(r.info.resource, selectors);
    return page(now.items, Number(now.resourceVersion), q.get('limit'), undefined);
  }
  const from = decodeContinue(token);
  const then = r.store.listAt(r.info.resource, selectors, from.rv);
  if (!then) throw expiredContinue();
  return page(then, from.rv, q.get('limit'), from);
}
