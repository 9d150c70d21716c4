import type { RequestContext } from '../../job-data';
import type { Cilium118 } from './host-fact-rules';

/** SendCommand takes at most 50 instance IDs: one fact-collection command per 50 hosts. */
export const FACT_BATCH_SIZE = 50;

/** The instance IDs in batches of at most FACT_BATCH_SIZE, in order. */
export function factBatches(ids: readonly string[]): string[][] {
  return Array.from({ length: Math.ceil(ids.length / FACT_BATCH_SIZE) }, (_, i) =>
    ids.slice(i * FACT_BATCH_SIZE, (i + 1) * FACT_BATCH_SIZE),
  );
}

/** The Run Command's comment: names the request, so a retried job finds what it already sent. */
export function factCommandComment(requestId: string, batch: number): string {
  return `hybrid-bot host facts ${requestId} batch ${batch}`.slice(0, 100);
}

/**
 * A `/hybrid doctor <cluster> --hosts` waiting on its Run Commands: the background job that looks at
 * their results later, again until every host answered or the time is up.
 */
export interface HostFactsPollData {
  cluster: string;
  request: RequestContext;
  /** Epoch ms the commands were sent. */
  sentAt: number;
  /** How many commands were sent. */
  commands: number;
  /** Commands whose results are still to read. */
  pending: string[];
  /** Every instance the commands went to (the report covers these and the unreachable ones). */
  targets: string[];
  /** Instances whose agent is not Online (or that SSM no longer knows): no command went to them. */
  unreachable: string[];
  /** Instances whose command failed, timed out or was cancelled. */
  failed: string[];
  cilium118: Cilium118;
  attempt: number;
}

/** How long the poll waits for the hosts after sending: the script's own limit and SSM's delivery. */
export const FACT_COLLECTION_LIMIT_MS = 3 * 60_000;

/** The next look: soon at first (the script takes seconds), then less often, at most every 15 s. */
export function nextFactLookMs(attempt: number): number {
  return Math.min(1000 * 1.6 ** attempt, 15_000);
}
