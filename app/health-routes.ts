import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthChecks {
  redisReachable(): Promise<boolean>;
  workersRunning(): boolean;
  /** The intake group and recurring schedules exist in Redis (false after Redis came back empty, until restored). */
  queuesReady(): boolean;
}

type Route = { path: string; method: string; handler: (req: IncomingMessage, res: ServerResponse) => void };

/** `/healthz`: the process is up. `/readyz`: it can do work (Redis answers, its queues are set up, workers run). */
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
          const queues = checks.queuesReady();
          json(res, redis && workers && queues ? 200 : 503, { redis, workers, queues });
        });
      },
    },
  ];
}
