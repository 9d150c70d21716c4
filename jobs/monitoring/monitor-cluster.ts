import type { BackgroundJobName, BackgroundJobs } from '../../src/background-jobs';
import type { ClusterStatus } from '../../src/blocks/monitoring/status-message';
import type { ClusterConfig } from '../../src/config/schema';
import type { Alert } from '../../src/domain/alerts/alert';
import { planAlertDelivery } from '../../src/domain/alerts/alert-delivery';
import {
  type DiagnosableHost,
  type DiagnosisOrder,
  markDiagnosable,
  planDiagnoses,
} from '../../src/domain/alerts/alert-diagnoses';
import { evaluateAlertRules } from '../../src/domain/alerts/alert-rules';
import { withMessageTs } from '../../src/domain/alerts/alert-state';
import { evaluateAvailability } from '../../src/domain/availability';
import { cniDrift, type DesiredCniLayer, desiredValues } from '../../src/domain/cni/cni-drift';
import type { MonitorFacts } from '../../src/domain/facts';
import { alertChannels, alertSlotOf, deliverAlerts } from '../alerts/deliver-alerts';
import { monitorFactsOrUnreachable } from '../cluster/cluster-facts';
import { syncHostNodes } from '../hosts/sync-host-nodes';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { changeUnderWay, settledPoolDrift } from '../pools/pool-drift-facts';
import { ALERT_DIAGNOSE } from './alert-diagnose';

export const MONITOR_CLUSTER = 'monitor-cluster' satisfies BackgroundJobName;

export type MonitorJobData = BackgroundJobs['monitor-cluster'];

export type MonitorResult =
  | { cluster: string; skipped: 'not-configured' | 'evaluated-this-interval' }
  | {
      cluster: string;
      unknown: boolean;
      firing: number;
      actions: string[];
      diagnosing?: string[];
      /** Nodes the evaluation read (0 when the cluster could not be read). */
      nodes: number;
    };

/**
 * One evaluation of one cluster: gather the facts, evaluate the alert rules, plan the delivery
 * against the stored state, and send only what a winning compare-and-set planned.
 */
export async function monitorCluster(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'background' | 'cloud' | 'clock' | 'config' | 'outbox' | 'redis' | 'stores'>,
): Promise<MonitorResult> {
  const store = deps.stores.alerts;
  const { intervalSeconds, gracePeriodSeconds, repeatIntervalSeconds } = deps.config.monitor;
  // A little under the interval, so the next scheduled run is never refused for being early.
  if (!(await store.claimEvaluation(cluster.name, intervalSeconds * 900))) {
    return { cluster: cluster.name, skipped: 'evaluated-this-interval' };
  }
  const [facts, desiredCni] = await Promise.all([
    monitorFactsOrUnreachable(cluster, deps),
    deps.stores.cniLayers.get(cluster.name),
  ]);
  if (!('unreachable' in facts)) await syncHostNodes(deps, cluster, facts.nodes);
  if (!('unreachable' in facts)) await addCniDrift(deps, facts, desiredCni);
  if (!('unreachable' in facts)) await addPoolDrift(deps, facts);
  const now = deps.clock.now();
  await deps.stores.clusterStatus.save(statusOf(facts), now, Math.max(intervalSeconds * 5, 300));
  // Read before the write that decides: what can be diagnosed, and how much already runs.
  const [hosts, running] = await Promise.all([
    'unreachable' in facts ? ([] as DiagnosableHost[]) : diagnosableHosts(deps, cluster.name),
    deps.stores.diagnosing.running(cluster.name, now),
  ]);

  const outcome = await store.update(cluster.name, (record) => {
    const evaluation = evaluateAlertRules(facts, record, now, { gracePeriodSeconds });
    const firing =
      'unreachable' in facts
        ? withPreviousAlerts(evaluation.alerts, record.group?.alerts)
        : markDiagnosable(evaluation.alerts, hosts);
    const plan = planAlertDelivery({
      cluster: cluster.name,
      firing,
      state: record.group,
      snoozes: record.snoozes,
      now,
      repeatIntervalSeconds,
    });
    const posts = plan.actions.some((a) => a.kind === 'post');
    // A re-post (the old message was all snoozed) names a new message, as a resolved one does.
    const generation = posts && record.group?.messageTs ? record.generation + 1 : record.generation;
    const messageTs = `${cluster.name}-${generation}`;
    const group = plan.next && posts ? withMessageTs(plan.next, messageTs) : plan.next;
    const diagnoses = planDiagnoses({
      group,
      hosts,
      diagnosed: record.diagnosed ?? {},
      inFlight: running.length,
      limit: deps.config.monitor.diagnoseConcurrency,
      now,
    });
    return {
      data: {
        // A resolved message is closed: the next alert starts a new one.
        generation: record.group?.messageTs && !plan.next ? generation + 1 : generation,
        notReadySince: evaluation.notReadySince,
        ...(evaluation.poolDriftSince ? { poolDriftSince: evaluation.poolDriftSince } : {}),
        ...(evaluation.unreachableSince !== undefined
          ? { unreachableSince: evaluation.unreachableSince }
          : {}),
        snoozes: plan.snoozes,
        ...(group ? { group } : {}),
        ...(Object.keys(diagnoses.diagnosed).length > 0 ? { diagnosed: diagnoses.diagnosed } : {}),
      },
      result: {
        actions: plan.actions,
        messageTs,
        firing: firing.length,
        diagnose: diagnoses.start,
        again: diagnoses.again,
      },
    };
  });
  if (!outcome) throw new Error('the monitor planned no write');
  const { actions, messageTs, firing, diagnose, again } = outcome.result;
  if (actions.length > 0) {
    const channels = await alertChannels(cluster, store);
    await deliverAlerts(deps, cluster.name, actions, messageTs, channels, outcome.version);
  }
  for (const order of [...diagnose, ...again]) await startAlertDiagnostics(deps, cluster, order);
  return {
    cluster: cluster.name,
    unknown: 'unreachable' in facts,
    firing,
    actions: actions.map((a) => a.kind),
    nodes: 'unreachable' in facts ? 0 : facts.nodes.length,
    ...(diagnose.length > 0 ? { diagnosing: diagnose.map((o) => o.host) } : {}),
  };
}

/** SSM hosts of the inventory that run a node of the cluster: the ones the bot can diagnose. */
async function diagnosableHosts(
  deps: Pick<CommandDeps, 'stores'>,
  cluster: string,
): Promise<DiagnosableHost[]> {
  return (await deps.stores.inventory.list(cluster)).flatMap((h) =>
    h.auth === 'ssm' && h.managedInstanceId && h.node && !h.deregistered
      ? [{ node: h.node.name, host: h.name, ...(h.site ? { site: h.site } : {}) }]
      : [],
  );
}

/**
 * Its own job per decision (keyed by it, so a sweep run again adds none), posting in the thread of
 * the alert message in the cluster's alert channel.
 */
async function startAlertDiagnostics(
  deps: Pick<CommandDeps, 'background'>,
  cluster: ClusterConfig,
  order: DiagnosisOrder,
): Promise<void> {
  const channel = cluster.alertChannel ?? cluster.channel;
  const slot = `diagnose-${order.messageTs}-${order.node}`;
  await deps.background.start(
    ALERT_DIAGNOSE,
    {
      cluster: cluster.name,
      host: order.host,
      key: order.key,
      target: { channel, slot, threadOfSlot: alertSlotOf(order.messageTs, channel) },
    },
    slot,
  );
}

/** While a cluster cannot be read, what fired before keeps firing: unknown is not resolved. */
function withPreviousAlerts(
  alerts: Alert[],
  previous: Record<string, { alert: Alert }> | undefined,
): Alert[] {
  const keys = new Set(alerts.map((a) => a.key));
  return [
    ...alerts,
    ...Object.values(previous ?? {})
      .map((t) => t.alert)
      .filter((a) => !keys.has(a.key)),
  ];
}

/**
 * How Cilium differs from the layer the last `cni set` recorded. While a CNI change moves Cilium it
 * differs by design, and the change reports it: no drift then.
 */
async function addCniDrift(
  deps: Pick<CommandDeps, 'stores'>,
  facts: MonitorFacts,
  desired: DesiredCniLayer | undefined,
): Promise<void> {
  if (!desired || !facts.cni) return;
  const drift = cniDrift(facts.cni, {
    chartVersion: desired.chartVersion,
    values: desiredValues(facts.cluster.remotePodNetworks, desired),
  });
  if (drift.length > 0 && (await cniChangeUnderWay(deps, facts.name))) return;
  facts.cniDrift = drift;
}

async function addPoolDrift(deps: Pick<CommandDeps, 'stores'>, facts: MonitorFacts): Promise<void> {
  facts.poolDrift = await settledPoolDrift(deps, facts.name, facts.nodes);
}

async function cniChangeUnderWay(deps: Pick<CommandDeps, 'stores'>, cluster: string): Promise<boolean> {
  return changeUnderWay(deps, { cluster, kind: 'cni', name: 'cilium' });
}

function statusOf(facts: Awaited<ReturnType<typeof monitorFactsOrUnreachable>>): ClusterStatus {
  if ('unreachable' in facts) return facts;
  return {
    cluster: facts.name,
    availability: evaluateAvailability(facts),
    ...(facts.poolDrift && facts.poolDrift.length > 0 ? { poolDrift: facts.poolDrift } : {}),
  };
}

/** The scheduler's job: one cluster per job, named in its data. */
export function monitorJob(): BackgroundProcessor<'monitor-cluster'> {
  return async (job, deps) => {
    const { cluster: name } = job.data;
    const cluster = deps.config.clusters.find((c) => c.name === name);
    if (!cluster) return { cluster: name, skipped: 'not-configured' };
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await monitorCluster(cluster, deps);
      if (!('skipped' in result)) {
        deps.metrics.monitorSweep(result.unknown ? 'unreachable' : 'ok', seconds(), result.nodes);
      }
      return result;
    } catch (err) {
      deps.metrics.monitorSweep('failed', seconds(), 0);
      throw err;
    }
  };
}
