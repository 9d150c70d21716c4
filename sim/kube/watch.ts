/**
 * Watch streams: one JSON event per line, as kube-apiserver sends them. With a selector, an object
 * that starts matching arrives as ADDED and one that stops matching as DELETED, as real watches do.
 */
import type { ServerResponse } from 'node:http';
import { badRequest, KubeError, statusBody } from './errors';
import { matchesFields, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors';
import type { KubeStore } from './store';
import type { KubeObject, KubeResource, WatchEvent } from './types';

export interface WatchRequest {
  resource: KubeResource;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  /** How each event's object is sent, e.g. as a one-row Table for `kubectl get -w`. */
  render?: (o: KubeObject) => unknown;
}

const DEFAULT_TIMEOUT_SECONDS = 1800;

/** Streams events until the client leaves, the timeout passes or the returned stop function is called. */
export function serveWatch(res: ServerResponse, store: KubeStore, w: WatchRequest): () => void {
  const labels = parseLabelSelector(w.labelSelector);
  const fields = parseFieldSelector(w.resource, w.fieldSelector);
  const matches = (o: KubeObject | undefined) =>
    !!o &&
    (!w.namespace || o.metadata.namespace === w.namespace) &&
    matchesRequirements(o.metadata.labels, labels) &&
    matchesFields(o, fields);

  const rv = w.resourceVersion;
  if (rv && !/^\d+$/.test(rv)) throw badRequest(`resourceVersion: Invalid value: "${rv}": must be a number`);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  // Clients wait for the headers before they consider the watch established.
  res.flushHeaders();
  const render = w.render ?? ((o: KubeObject) => o);
  const write = (type: string, object: KubeObject) =>
    res.write(`${JSON.stringify({ type, object: render(object) })}\n`);
  const send = (ev: WatchEvent) => {
    const now = matches(ev.object);
    const before = ev.type === 'MODIFIED' ? matches(ev.previous) : now;
    if (ev.type === 'MODIFIED' && now !== before) write(now ? 'ADDED' : 'DELETED', ev.object);
    else if (now) write(ev.type, ev.object);
  };

  // Everything up to the subscription runs synchronously, so no event can slip between backlog and live.
  if (!rv || rv === '0') {
    // "Get state and start at most recent": every current object arrives as ADDED first.
    for (const o of store.list(w.resource, w.namespace ? { namespace: w.namespace } : {}).items) {
      if (matches(o)) write('ADDED', o);
    }
  } else {
    const backlog = store.eventsSince(w.resource, Number(rv));
    if (!backlog) {
      const expired = new KubeError(
        410,
        'Expired',
        `too old resource version: ${rv} (${store.resourceVersion})`,
      );
      res.write(`${JSON.stringify({ type: 'ERROR', object: statusBody(expired) })}\n`);
      res.end();
      return () => {};
    }
    for (const ev of backlog) send(ev);
  }
  const unsubscribe = store.watch(w.resource, send);

  const stop = () => {
    clearTimeout(timer);
    unsubscribe();
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(stop, (w.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
  res.on('close', stop);
  return stop;
}
