import type { KubeObject } from '../../kube/store';

export function daemonSetStatus(
  ds: KubeObject,
  desired: number,
  scheduled: number,
  ready: number,
  updated = scheduled,
) {
  return {
    currentNumberScheduled: scheduled,
    desiredNumberScheduled: desired,
    numberMisscheduled: 0,
    numberReady: ready,
    numberAvailable: ready,
    ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
    updatedNumberScheduled: updated,
    observedGeneration: ds.metadata.generation ?? 1,
  };
}

export function deploymentStatus(dep: KubeObject, replicas: number, ready: number, now: Date) {
  const at = now.toISOString();
  const wanted: number = dep.spec?.replicas ?? 1;
  // Available once no more than maxUnavailable (25%, rounded down) replicas are missing.
  const available = ready >= wanted - Math.floor(wanted * 0.25);
  return {
    observedGeneration: dep.metadata.generation ?? 1,
    replicas,
    updatedReplicas: replicas,
    ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
    ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
    conditions: [
      available
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
            lastUpdateTime: at,
            lastTransitionTime: at,
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
            lastUpdateTime: at,
            lastTransitionTime: at,
          },
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${dep.metadata.name}" has successfully progressed.`,
        lastUpdateTime: at,
        lastTransitionTime: at,
      },
    ],
  };
}
