import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../src/logger';
import { type HealthChecks, healthRoutes } from './health-routes';

export interface HealthServerHandle {
  port: number;
  stop(): Promise<void>;
}

/**
 * A worker process's `/healthz` and `/readyz` on PORT, for a container's probes: it takes no Slack
 * requests, so it has no Bolt receiver to carry them.
 */
export async function startHealthServer(
  port: number,
  checks: HealthChecks,
  log: Logger,
): Promise<HealthServerHandle> {
  const routes = healthRoutes(checks);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (route) return route.handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `PORT ${port} is taken: a worker answers /healthz and /readyz on PORT; give each process on this machine its own`,
            )
          : err,
      ),
    );
    server.listen(port, () => resolve());
  });
  const listening = (server.address() as AddressInfo).port;
  log.info({ port: listening }, 'health checks listening');
  return {
    port: listening,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
