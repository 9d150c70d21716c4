import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drawFault, type FaultRegistry } from '../faults';
import type { ApiCalls } from './api-calls';
import { AwsError } from './aws-error';
import { type HttpReply, jsonReply, readBody, sleep, writeReply } from './http-io';
import type { RateLimits } from './rate-limits';
import type { AwsService } from './service';
import { checkSigV4 } from './sigv4-header';

export type ControlHandler = (
  method: string,
  path: string,
  body: Buffer,
  query: URLSearchParams,
) => Promise<HttpReply>;

export interface AwsServerOptions {
  services: AwsService[];
  faults: FaultRegistry;
  /** Counts every request that named an operation, faulted or not. */
  calls?: ApiCalls;
  /** Per-API token buckets; every throttling answer is counted in it. */
  rateLimits?: RateLimits;
  /** The account an access key belongs to: buckets are per account, as AWS keeps them. */
  accountOf?: (accessKeyId: string) => string;
  control: ControlHandler;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The one AWS endpoint: routes each request to its service, checks SigV4, injects faults; `/_sim/` is the control API. */
export async function startAwsServer(o: AwsServerOptions): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(o, req, res).catch((err: Error) => writeReply(res, jsonReply(500, { message: err.message })));
  });
  server.keepAliveTimeout = 5000;
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 4566, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(o: AwsServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = await readBody(req);
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/_sim/')) {
    writeReply(res, await o.control(method, url.pathname, body, url.searchParams));
    return;
  }
  const sig = checkSigV4(req.headers, url.searchParams);
  const service =
    (sig.ok ? o.services.find((s) => s.name === sig.scope.service) : undefined) ??
    o.services.find((s) => s.claims(method, url.pathname, req.headers, body));
  if (!service) {
    writeReply(res, jsonReply(404, { message: `No simulated service answers ${method} ${url.pathname}` }));
    return;
  }
  const requestId = randomUUID();
  writeReply(res, await answer(o, service, sig, { method, url, body, req, requestId }));
}

async function answer(
  o: AwsServerOptions,
  service: AwsService,
  sig: ReturnType<typeof checkSigV4>,
  r: { method: string; url: URL; body: Buffer; req: IncomingMessage; requestId: string },
): Promise<HttpReply> {
  try {
    if (!sig.ok) throw service.authError(sig.code, sig.message);
    const operation = service.resolve({
      method: r.method,
      path: r.url.pathname,
      query: r.url.searchParams,
      headers: r.req.headers,
      body: r.body,
      scope: sig.scope,
      requestId: r.requestId,
    });
    o.calls?.record(service.name, operation.name);
    const fault = o.faults.faultFor(service.name, operation.name);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    const api = `${service.name}:${operation.name}`;
    const account = o.accountOf?.(sig.scope.accessKeyId) ?? sig.scope.accessKeyId;
    const outcome =
      o.rateLimits?.take(api, account, sig.scope.region) === false ? 'throttle' : drawFault(fault);
    if (outcome === 'throttle') {
      o.rateLimits?.throttled(api);
      throw service.throttled();
    }
    if (outcome === 'error') throw service.failed();
    return await operation.run();
  } catch (err) {
    const e = err instanceof AwsError ? err : service.failed();
    return service.renderError(e, r.requestId);
  }
}
