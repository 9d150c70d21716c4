/**
 * The Kubernetes API of one simulated EKS cluster, over HTTPS, answering as kube-apiserver does, so
 * that @kubernetes/client-node and kubectl work against it.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { apiGroup, coreVersions, groupList, resourceList, versionInfo } from './discovery';
import { KubeError } from './errors';
import { injectFault, type KubeFault } from './faults';
import { sendError, sendJson } from './http';
import { handleResource, pageNotFound } from './resource-handlers';
import type { ResourceInfo } from './resources';
import { operationName, type Route, route } from './routing';
import type { KubeStore } from './store';

export type { KubeFault } from './faults';

export interface KubeApiServerOptions {
  clusterName: string;
  store: KubeStore;
  tls: { certPem: string; keyPem: string };
  /** Called with the Authorization header of every request. */
  authenticate: (
    authorizationHeader: string | undefined,
  ) => { ok: true; user: string } | { ok: false; reason: string };
  /**
   * Called once per authenticated request with its operation name (listNodes, watchNodes, getNode,
   * patchNode, deleteNode, listPods, deletePod, createEviction, listDaemonSets, patchDeployment,
   * patchNodeStatus, discovery, …); when it returns nothing, it is asked again with '*', so a fault
   * for the whole API is registered under '*'.
   */
  faultFor?: (operation: string) => KubeFault | undefined;
  /** Called once per authenticated request with its operation name, to count requests as an audit log would. */
  onRequest?: (operation: string) => void;
  host?: string;
  port?: number;
  /** Reported by /version, e.g. '1.31' or '1.31.4'. */
  kubernetesVersion?: string;
  /** The dice for fault rates; tests pass their own. */
  random?: () => number;
}

export interface KubeApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startKubeApiServer(opts: KubeApiServerOptions): Promise<KubeApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const watches = new Set<() => void>();
  let address = '';

  const server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem }, (req, res) => {
    serve(req, res).catch((err) => {
      if (res.headersSent) res.end();
      else sendError(res, err);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://kubernetes.default');
    const auth = opts.authenticate(req.headers.authorization);
    if (!auth.ok) {
      throw new KubeError(401, 'Unauthorized', 'Unauthorized', {
        causes: [{ reason: 'Unauthorized', message: auth.reason }],
      });
    }
    const found = route(url.pathname);
    // A custom resource whose CRD this cluster lacks is as unknown as a misspelt one.
    const target: Route =
      found.kind === 'resource' && !opts.store.serves(found.info.resource) ? { kind: 'unknown' } : found;
    const method = req.method ?? 'GET';
    const operation = target.kind === 'resource' ? operationName({ ...target, url }, method) : 'discovery';
    opts.onRequest?.(operation);
    const fault = opts.faultFor?.(operation) ?? opts.faultFor?.('*');
    const injected = await injectFault(fault, opts.random ?? Math.random);
    if (injected) throw injected;
    if (target.kind === 'resource') {
      await handleResource({
        req,
        res,
        url,
        store: opts.store,
        ...target,
        onWatch: (stop) => {
          watches.add(stop);
          res.on('close', () => watches.delete(stop));
        },
      });
      return;
    }
    if (method !== 'GET') throw pageNotFound();
    if (target.kind === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    const doc = discoveryDocument(target, address, opts.kubernetesVersion ?? '1.31', (r) =>
      opts.store.serves(r.resource),
    );
    if (!doc) throw pageNotFound();
    sendJson(res, 200, doc);
  }

  // kube-apiserver keeps an idle connection 90 s (its IdleTimeout), not Node's 5 s: a client that
  // comes back every minute finds its connection still open.
  server.keepAliveTimeout = 90_000;
  server.listen(opts.port ?? 0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  address = `${host}:${port}`;
  return {
    url: `https://${address}`,
    port,
    async close() {
      for (const stop of watches) stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function discoveryDocument(
  target: Route,
  address: string,
  version: string,
  serves: (r: ResourceInfo) => boolean,
): unknown {
  switch (target.kind) {
    case 'version':
      return versionInfo(version);
    case 'discovery':
      if (target.path === 'api') return coreVersions(address);
      if (target.path === 'apis') return groupList(serves);
      if (target.path === 'group') return apiGroup(target.group, serves);
      return resourceList(target.group, serves);
    default:
      return undefined;
  }
}
