import type { SimulatorControl } from '../sim/index';

/** One simulated AWS API's token bucket, as a benchmark sets it. */
export interface BenchRateLimit {
  /** `ssm:CreateActivation`, `ssm:SendCommand`, `eks:DescribeCluster`… */
  api: string;
  ratePerSecond: number;
  burst: number;
}

/**
 * The bucket a benchmark runs against: BENCH_RATE tokens a second (default `rate`), BENCH_BURST at
 * most (default the rate), set on the simulator with its throttle count cleared.
 */
export function limitFromEnv(
  control: SimulatorControl,
  api: string,
  defaults: { rate: number; burst?: number },
  env: NodeJS.ProcessEnv = process.env,
): BenchRateLimit {
  const ratePerSecond = Number(env.BENCH_RATE ?? defaults.rate);
  const burst = Number(env.BENCH_BURST ?? defaults.burst ?? Math.ceil(ratePerSecond));
  control.setRateLimit({ api, ratePerSecond, burst });
  control.clearThrottles();
  return { api, ratePerSecond, burst };
}

export interface PacingReport {
  /** Throttling answers the simulator gave for the API. */
  throttles: number;
  /** The bucket's refill rate and size, as the simulator has them. */
  allowed_rate: number;
  burst: number;
  /** Successful calls a second over the time measured. */
  achieved_rate: number;
  /** achieved_rate ÷ allowed_rate; the target is ≥ 0.9. */
  rate_ratio: number;
}

/**
 * How a run that made `succeeded` calls of `api` in `seconds` paced them, read from the simulator.
 * To measure the sustained pace, leave out the burst: the calls beyond it, over the time from the
 * first call to the last (at the bucket's rate exactly that is (calls - burst) / rate).
 */
export function pacingReport(
  control: SimulatorControl,
  api: string,
  succeeded: number,
  seconds: number,
): PacingReport {
  const limit = control.rateLimits()[api];
  if (!limit) throw new Error(`the simulator has no rate limit for ${api}`);
  const achieved = succeeded / seconds;
  return {
    throttles: control.throttles()[api] ?? 0,
    allowed_rate: limit.ratePerSecond,
    burst: limit.burst,
    achieved_rate: Number(achieved.toFixed(2)),
    rate_ratio: Number((achieved / limit.ratePerSecond).toFixed(3)),
  };
}

/** The target every pacing benchmark holds to. */
export const RATE_RATIO_TARGET = 0.9;
