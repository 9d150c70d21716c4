/** Injected failures: latency, throttling (429 with Retry-After) and server errors (500). */
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeError } from './errors';

export interface KubeFault {
  /** Share of requests, 0 to 1, answered 500 InternalError. */
  errorRate?: number;
  /** Share of requests, 0 to 1, answered 429 TooManyRequests with Retry-After: 1. */
  throttleRate?: number;
  /** Delay added before the request is served. */
  latencyMs?: number;
}

/** Waits out the fault's latency, then returns the error to answer with, if the dice say so. */
export async function injectFault(
  fault: KubeFault | undefined,
  random: () => number,
): Promise<KubeError | undefined> {
  if (!fault) return undefined;
  if (fault.latencyMs && fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault.throttleRate && random() < fault.throttleRate) {
    return new KubeError(429, 'TooManyRequests', 'Too many requests, please try again later.', {
      retryAfterSeconds: 1,
    });
  }
  if (fault.errorRate && random() < fault.errorRate) {
    return new KubeError(
      500,
      'InternalError',
      'Internal error occurred: the server is temporarily unable to respond',
    );
  }
  return undefined;
}
