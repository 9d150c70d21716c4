import { createHash } from 'node:crypto';
import type { KubeObject } from '../../kube/store';
import { withDaemonSetTolerations, withDefaultTolerationSeconds } from '../../kube/taints';
import { podSuffix } from '../ids';

/** A short stable hash of a pod template, like pod-template-hash and controller-revision-hash. */
export function templateHash(owner: KubeObject): string {
  return createHash('sha256')
    .update(JSON.stringify(owner.spec?.template ?? {}))
    .digest('hex')
    .slice(0, 10);
}

export interface PodPlacement {
  /** The pod's containers, for their statuses. */
  containers?: Array<{ name: string; image: string }>;
  nodeName?: string;
  hostIP?: string;
  ready: boolean;
  now: Date;
}

/** A pod made by a DaemonSet or by a Deployment's ReplicaSet, as the controllers would make it. */
export function podFor(owner: KubeObject, placement: PodPlacement): KubeObject {
  const hash = templateHash(owner);
  const isDaemonSet = owner.kind === 'DaemonSet';
  const ownerName = isDaemonSet ? owner.metadata.name : `${owner.metadata.name}-${hash}`;
  const template = owner.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${ownerName}-${podSuffix()}`,
      namespace: owner.metadata.namespace,
      labels: {
        ...(template.metadata?.labels ?? {}),
        ...(isDaemonSet ? { 'controller-revision-hash': hash } : { 'pod-template-hash': hash }),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: isDaemonSet ? 'DaemonSet' : 'ReplicaSet',
          name: ownerName,
          uid: isDaemonSet ? owner.metadata.uid : `${owner.metadata.uid}-${hash}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...(template.spec ?? {}),
      tolerations: podTolerations(owner),
      ...(placement.nodeName ? { nodeName: placement.nodeName } : {}),
    },
    status: podStatus({ ...placement, containers: template.spec?.containers ?? [] }),
  };
}

/**
 * The tolerations a pod of this owner carries: the DaemonSet controller's own for its pods, or those
 * the API server's DefaultTolerationSeconds admission adds to every other pod.
 */
export function podTolerations(owner: KubeObject) {
  const spec = owner.spec?.template?.spec ?? {};
  return owner.kind === 'DaemonSet'
    ? withDaemonSetTolerations(spec.tolerations, spec.hostNetwork === true)
    : withDefaultTolerationSeconds(spec.tolerations);
}

export function podStatus(p: PodPlacement): KubeObject['status'] {
  const at = p.now.toISOString();
  if (!p.nodeName) {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0 nodes are available: no node matches the pod affinity and is Ready and schedulable.',
          lastTransitionTime: at,
        },
      ],
    };
  }
  const ready = p.ready ? 'True' : 'False';
  return {
    phase: 'Running',
    hostIP: p.hostIP,
    podIP: p.hostIP,
    startTime: at,
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: at },
      { type: 'Initialized', status: 'True', lastTransitionTime: at },
      { type: 'ContainersReady', status: ready, lastTransitionTime: at },
      { type: 'Ready', status: ready, lastTransitionTime: at },
    ],
    containerStatuses: (p.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: p.ready,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
    })),
  };
}

export function podIsReady(pod: KubeObject): boolean {
  const conditions: Array<{ type: string; status: string }> = pod.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function ownerName(pod: KubeObject): string | undefined {
  const refs = pod.metadata.ownerReferences as Array<{ name: string }> | undefined;
  return refs?.[0]?.name;
}
