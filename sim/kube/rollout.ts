/**
 * Workload status as the DaemonSet and Deployment controllers would write it. A spec change (a new
 * metadata.generation) starts a rollout that updates one pod per step, so clients can watch progress.
 */
import { isHealthy } from './disruption-budget';
import { canRunOn, isNodeReady } from './node-scheduling';
import { matchesLabelSelectorObject } from './selectors';
import type { KubeObject } from './types';

/** How many pods run the current template: all when first seen, none right after a spec change. */
function updatedCount(o: KubeObject, field: string, target: number, advance: boolean): number {
  const prev = o.status ?? {};
  const generation = o.metadata.generation ?? 1;
  let updated =
    prev.observedGeneration === undefined
      ? target
      : prev.observedGeneration === generation
        ? (prev[field] ?? target)
        : 0;
  if (advance && updated < target) updated += 1;
  return Math.min(updated, target);
}

// biome-ignore lint/suspicious/noExplicitAny: status is free-form JSON.
export function daemonSetStatus(ds: KubeObject, nodes: KubeObject[], advance: boolean): any {
  const eligible = nodes.filter((n) => canRunOn(ds.spec?.template?.spec, n));
  const desired = eligible.length;
  const updated = updatedCount(ds, 'updatedNumberScheduled', desired, advance);
  // One pod at a time is being replaced while the rollout runs (maxUnavailable 1).
  const ready = Math.max(0, eligible.filter(isNodeReady).length - (updated < desired ? 1 : 0));
  return {
    ...(ds.status ?? {}),
    currentNumberScheduled: desired,
    desiredNumberScheduled: desired,
    numberMisscheduled: 0,
    numberReady: ready,
    numberAvailable: ready,
    numberUnavailable: desired - ready,
    updatedNumberScheduled: updated,
    observedGeneration: ds.metadata.generation ?? 1,
  };
}

/**
 * Ready replicas are the healthy pods the Deployment selects; a Deployment whose pods are not
 * modelled at all (no pod matches) is taken to be fully ready.
 */
// biome-ignore lint/suspicious/noExplicitAny: status is free-form JSON.
export function deploymentStatus(d: KubeObject, pods: KubeObject[], advance: boolean, now: Date): any {
  const replicas: number = d.spec?.replicas ?? 1;
  const selected = pods.filter(
    (p) =>
      p.metadata.namespace === d.metadata.namespace &&
      matchesLabelSelectorObject(p.metadata.labels, d.spec?.selector),
  );
  const ready = selected.length === 0 ? replicas : Math.min(replicas, selected.filter(isHealthy).length);
  const updated = updatedCount(d, 'updatedReplicas', replicas, advance);
  const rolling = updated < replicas;
  const prev = d.status ?? {};
  return {
    ...prev,
    observedGeneration: d.metadata.generation ?? 1,
    // One surge pod exists while the rollout runs (maxSurge 1).
    replicas: rolling ? replicas + 1 : replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: ready,
    unavailableReplicas: Math.max(0, replicas - ready),
    conditions: [
      condition(
        prev,
        'Available',
        ready >= replicas ? 'True' : 'False',
        ready >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        now,
      ),
      condition(prev, 'Progressing', 'True', rolling ? 'ReplicaSetUpdated' : 'NewReplicaSetAvailable', now),
    ],
  };
}

/** Keeps the previous timestamps when nothing changed, so an idle reconcile writes nothing. */
// biome-ignore lint/suspicious/noExplicitAny: status is free-form JSON.
function condition(prev: any, type: string, status: string, reason: string, now: Date) {
  const old = (prev.conditions ?? []).find((c: { type: string }) => c.type === type);
  if (old && old.status === status && old.reason === reason) return old;
  const at = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    type,
    status,
    reason,
    lastUpdateTime: at,
    lastTransitionTime: old?.status === status ? old.lastTransitionTime : at,
  };
}
