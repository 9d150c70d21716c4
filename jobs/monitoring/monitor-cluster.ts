import type { BackgroundJobName, BackgroundJobs } from '../../src/background-jobs';
import type { ClusterStatus } from '../../src/blocks/monitoring/status-message';
import type { ClusterConfig } from '../../src/config/schema';
import type { Alert } from '../../src/domain/alerts/alert';
import { planAlertDelivery } from '../../src/domain/alerts/alert-delivery';
import { evaluateAlertRules } from '../../src/domain/alerts/alert-rules';
import { withMessageTs } from '../../src/domain/alerts/alert-state';
import { evaluateAvailability } from '../../src/domain/availability';
import { cniDrift, type DesiredCniLayer, desiredValues } from '../../src/domain/cni/cni-drift';
import type { ClusterFacts } from '../../src/domain/facts';
import { factsOrUnreachable } from '../cluster/cluster-facts';
import { syncHostNodes } from '../hosts/sync-host-nodes';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { changeUnderWay, settledPoolDrift } from '../pools/pool-drift-facts';
import { alertChannels, deliverAlerts } from './deliver-alerts';

export const MONITOR_CLUSTER = 'monitor-cluster' satisfies BackgroundJobName;

export type MonitorJobData = BackgroundJobs['monitor-cluster'];

export type MonitorResult =
  | { cluster: string; skipped: 'not-configured' | 'evaluated-this-interval' }
  | { cluster: string; unknown: boolean; firing: number; actions: string[] };

/**
 * One evaluation of one cluster: gather the facts, evaluate the alert rules, plan the delivery
 * against the stored state, and send only what a winning compare-and-set planned.
 */
export async function monitorCluster(
  cluster: ClusterConfig,
  deps: Pick<CommandDeps, 'cloud' | 'clock' | 'config' | 'outbox' | 'redis' | 'stores'>,
): Promise<MonitorResult> {
  const store = deps.stores.alerts;
  const { intervalSeconds, gracePeriodSeconds, repeatIntervalSeconds } = deps.config.monitor;
  // A little under the interval, so the next scheduled run is never refused for being early.
  if (!(await store.claimEvaluation(cluster.name, intervalSeconds * 900))) {
    return { cluster: cluster.name, skipped: 'evaluated-this-interval' };
  }
  const [facts, desiredCni] = await Promise.all([
    factsOrUnreachable(cluster, deps),
    deps.stores.cniLayers.get(cluster.name),
  ]);
  if (!('unreachable' in facts)) await syncHostNodes(deps, cluster, facts.nodes);
  if (!('unreachable' in facts)) await addCniDrift(deps, facts, desiredCni);
  if (!('unreachable' in facts)) await addPoolDrift(deps, facts);
  const now = deps.clock.now();
  await deps.stores.clusterStatus.save(statusOf(facts), now, Math.max(intervalSeconds * 5, 300));

  const outcome = await store.update(cluster.name, (record) => {
    const evaluation = evaluateAlertRules(facts, record, now, { gracePeriodSeconds });
    const firing =
      'unreachable' in facts
        ? withPreviousAlerts(evaluation.alerts, record.group?.alerts)
        : evaluation.alerts;
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
      },
      result: { actions: plan.actions, messageTs, firing: firing.length },
    };
  });
  if (!outcome) throw new Error('the monitor planned no write');
  const { actions, messageTs, firing } = outcome.result;
  if (actions.length > 0) {
    const channels = await alertChannels(cluster, store);
    await deliverAlerts(deps, cluster.name, actions, messageTs, channels, outcome.version);
  }
  return {
    cluster: cluster.name,
    unknown: 'unreachable' in facts,
    firing,
    actions: actions.map((a) => a.kind),
  };
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
  facts: ClusterFacts,
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

async function addPoolDrift(deps: Pick<CommandDeps, 'stores'>, facts: ClusterFacts): Promise<void> {
  facts.poolDrift = await settledPoolDrift(deps, facts.name, facts.nodes);
}

async function cniChangeUnderWay(deps: Pick<CommandDeps, 'stores'>, cluster: string): Promise<boolean> {
  return changeUnderWay(deps, { cluster, kind: 'cni', name: 'cilium' });
}

function statusOf(facts: Awaited<ReturnType<typeof factsOrUnreachable>>): ClusterStatus {
  if ('unreachable' in facts) return facts;
  return {
    cluster: facts.name,
    availability: evaluateAvailability(facts as ClusterFacts),
    ...(facts.poolDrift && facts.poolDrift.length > 0 ? { poolDrift: facts.poolDrift } : {}),
  };
}

/** The scheduler's job: one cluster per job, named in its data. */
export function monitorJob(): BackgroundProcessor<'monitor-cluster'> {
  return async (job, deps) => {
    const { cluster: name } = job.data;
    const cluster = deps.config.clusters.find((c) => c.name === name);
    if (!cluster) return { cluster: name, skipped: 'not-configured' };
    return monitorCluster(cluster, deps);
  };
}
