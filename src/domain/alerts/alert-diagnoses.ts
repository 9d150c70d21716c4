import type { Alert } from './alert';
import type { AlertGroupState } from './alert-state';

/** A hybrid node whose host the bot can diagnose: an SSM host of the inventory, by its node name. */
export interface DiagnosableHost {
  node: string;
  host: string;
  site?: string;
}

/** An alert's diagnostics once decided: never decided again while the same message stands. */
export interface DiagnosisDecision {
  alertKey: string;
  node: string;
  host: string;
  /** The alert message's name: a new message (a new incident) diagnoses again. */
  messageTs: string;
  at: number;
}

/** Decisions by diagnosis key (see diagnosisKey). */
export type Diagnoses = Record<string, DiagnosisDecision>;

/** Diagnostics to start now for one alert of the message. */
export interface DiagnosisOrder extends DiagnosisDecision {
  key: string;
}

export interface DiagnosisPlan {
  /** Decided now. */
  start: DiagnosisOrder[];
  /** Decided by a recent sweep: their job is started again (by the same ID, so it runs once). */
  again: DiagnosisOrder[];
  /** Every decision of the current message, to store. */
  diagnosed: Diagnoses;
}

export interface DiagnosisInput {
  /** The group after this sweep's delivery plan: its alerts and message name. */
  group: AlertGroupState | undefined;
  /** SSM hosts of the inventory, by the node they run. */
  hosts: readonly DiagnosableHost[];
  /** What earlier sweeps decided. */
  diagnosed: Diagnoses;
  /** Diagnostics running on the cluster's hosts now, whoever started them. */
  inFlight: number;
  /** `monitor.diagnoseConcurrency`. */
  limit: number;
  now: number;
}

/**
 * Names the diagnostics of one alert of one message (cluster, message, alert, node). The Run
 * Command's comment is looked up per instance, so the message name comes first: the comment is
 * cut at 100 characters and the node is already in the alert key.
 */
export function diagnosisKey(messageTs: string, alertKey: string, node: string): string {
  return `alert ${messageTs} ${alertKey.endsWith(`/${node}`) ? alertKey : `${alertKey} ${node}`}`;
}

/**
 * Which node alerts to diagnose now: each NotReady SSM host once per message, the oldest first, no
 * more than `limit` running at once on the cluster (the others wait for a later sweep), none while
 * it is snoozed or while a site alert says its site is down (nothing there can answer). Decided
 * inside the compare-and-set that plans delivery, so two sweeps never both start one.
 */
export function planDiagnoses(input: DiagnosisInput): DiagnosisPlan {
  const messageTs = input.group?.messageTs;
  if (!input.group || messageTs === undefined) return { start: [], again: [], diagnosed: {} };
  // Decisions of an earlier message are closed with it.
  const diagnosed: Diagnoses = Object.fromEntries(
    Object.entries(input.diagnosed).filter(([, d]) => d.messageTs === messageTs),
  );
  const tracked = Object.values(input.group.alerts);
  const downSites = new Set(tracked.flatMap((t) => siteDownOf(t.alert)));
  const downNodes = new Set(
    tracked
      .filter((t) => t.alert.rule === 'site-down')
      .flatMap((t) => (t.alert.nodes ?? []).map((n) => n.name)),
  );
  const hosts = new Map(input.hosts.map((h) => [h.node, h]));
  const candidates: DiagnosisOrder[] = [];
  for (const t of [...tracked].sort((a, b) => a.since - b.since || a.alert.key.localeCompare(b.alert.key))) {
    if (t.alert.rule !== 'node-not-ready' || t.snoozed) continue;
    for (const node of t.alert.nodes ?? []) {
      const host = hosts.get(node.name);
      if (!host || downNodes.has(node.name) || (host.site !== undefined && downSites.has(host.site)))
        continue;
      const key = diagnosisKey(messageTs, t.alert.key, node.name);
      if (diagnosed[key]) continue;
      candidates.push({
        key,
        alertKey: t.alert.key,
        node: node.name,
        host: host.host,
        messageTs,
        at: input.now,
      });
    }
  }
  const start = candidates.slice(0, Math.max(0, input.limit - input.inFlight));
  // A worker that died between the write and starting the job loses nothing: recent decisions are
  // started again, which adds nothing while their job is kept (an hour, by its ID).
  const again = Object.entries(diagnosed)
    .filter(([, d]) => input.now - d.at < RESTART_WINDOW_MS)
    .map(([key, d]) => ({ key, ...d }));
  for (const { key, ...decision } of start) diagnosed[key] = decision;
  return { start, again, diagnosed };
}

/** Well within the hour a finished job is kept, so starting one again never runs it twice. */
export const RESTART_WINDOW_MS = 10 * 60_000;

/** The site a `site-down` alert is about (its key ends with it). */
function siteDownOf(alert: Alert): string[] {
  if (alert.rule !== 'site-down') return [];
  const site = alert.key.split('/').slice(2).join('/');
  return site ? [site] : [];
}

/**
 * Marks the node alerts the bot can diagnose (an SSM host of the inventory), so their message
 * offers **Diagnose again**.
 */
export function markDiagnosable(alerts: readonly Alert[], hosts: readonly DiagnosableHost[]): Alert[] {
  const nodes = new Set(hosts.map((h) => h.node));
  return alerts.map((a) =>
    a.rule === 'node-not-ready' && (a.nodes ?? []).some((n) => nodes.has(n.name))
      ? { ...a, diagnosable: true }
      : a,
  );
}
