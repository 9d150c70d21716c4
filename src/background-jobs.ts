import type { InventoryFilter } from './blocks/hosts/inventory-message';
import type { ChangeJobs } from './change-jobs';
import type { AlertClick } from './domain/alerts/alert-click';
import type { HostFactsPollData } from './domain/host-facts/fact-collection';

/**
 * Every background job: name → payload. Handlers, schedulers and jobs that start one and the
 * processors that run it share these types; a name without a processor does not compile.
 */
export interface BackgroundJobs extends ChangeJobs {
  'publish-home': { user: string };
  'refresh-user-groups': Record<string, never>;
  'monitor-cluster': { cluster: string };
  'alert-action': AlertClick;
  'host-watch': WatchRegistrationData;
  'host-reissue': ReissueActivationData;
  'hosts-reconcile': Record<string, never>;
  'hosts-page': { filter: InventoryFilter; page: number; responseUrl: string };
  'pool-host-done': PoolHostDoneData;
  'host-debug-poll': HostDebugPollData;
  'alert-diagnose': AlertDiagnoseData;
  'host-facts-poll': HostFactsPollData;
}

export type BackgroundJobName = keyof BackgroundJobs;

/** Any background job's payload, as the queue holds it. */
export type BackgroundPayload = BackgroundJobs[BackgroundJobName];

/** A background job to start: its name and the payload that name takes. */
export type BackgroundWork = {
  [N in BackgroundJobName]: { name: N; data: BackgroundJobs[N] };
}[BackgroundJobName];

/** Watches a host from activation to SSM registration to its Node joining. */
export interface WatchRegistrationData {
  cluster: string;
  host: string;
  /** The activation being watched (SSM); a newer one for the same host ends this watch. */
  activationId?: string;
  requester: string;
  watchUntil: number;
  attempt: number;
  /** Set once the host registered: the watch now waits for the node of this managed instance. */
  instanceId?: string;
}

/** The expiry message's button: a fresh activation for the same host. */
export interface ReissueActivationData {
  cluster: string;
  host: string;
  clickedBy: string;
  /** The click's response_url: answers the person who clicked. */
  responseUrl?: string;
  clickId: string;
}

/** Done on the instructions for an IAM Roles Anywhere host: the step waiting for it looks now. */
export interface PoolHostDoneData {
  id: string;
  step: string;
  user: string;
  responseUrl?: string;
  clickId: string;
}

/** Diagnostics an alert decided on, or a **Diagnose again** click: the host, once per `key`, at the target. */
export interface AlertDiagnoseData {
  cluster: string;
  host: string;
  key: string;
  target: DiagnosticsTarget;
}

/** Looks again at a host's diagnostics Run Command until it ends, then posts what it found. */
export interface HostDebugPollData {
  cluster: string;
  host: string;
  site?: string;
  instanceId: string;
  commandId: string;
  /** Where the summary goes: the message it replaces, posted in the thread of `threadOfSlot` when set. */
  target: DiagnosticsTarget;
  startedAt: number;
  attempt: number;
}

/**
 * Where a host's diagnostics are posted: a message of their own (`slot`) in `channel`, at top level
 * (a `host debug` request) or in the thread of another message (an alert's); the full output goes
 * in that same thread.
 */
export interface DiagnosticsTarget {
  channel: string;
  slot: string;
  threadOfSlot?: string;
  /** Who asked (a `host debug`); none when an alert started them. */
  requester?: string;
}
