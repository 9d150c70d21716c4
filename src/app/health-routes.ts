import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthChecks {
  redisReachable(): Promise<boolean>;
  workersRunning(): boolean;
}

type Route = { path: string; method: string; handler: (req: IncomingMessage, res: ServerResponse) => void };

/** `/healthz`: the process is up. `/readyz`: it can do work (Redis answers, workers run). */
export function healthRoutes(checks: HealthChecks): Route[] {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: 'GET', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void checks.redisReachable().then((redis) => {
          const workers = checks.workersRunning();
          json(res, redis && workers ? 200 : 503, { redis, workers });
        });
      },
    },
  ];
}
