import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../../logger';

export interface MetricsServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * `/metrics` in Prometheus's text format on a port of its own, apart from Slack's: a scraper never
 * queues behind Slack's requests, and the port can stay inside the cluster's network.
 */
export function startMetricsServer(registry: Registry, port: number, log: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        log.warn({ err }, 'could not collect the metrics');
        res.writeHead(500).end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `METRICS_PORT ${port} is taken by another process: stop it, or pick another port (0 turns /metrics off).`,
            )
          : err,
      ),
    );
    server.listen(port, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      log.info({ port: bound }, 'metrics listening on /metrics');
      resolve({
        port: bound,
        stop: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
