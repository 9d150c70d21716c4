/** Kubernetes objects as the client returns them, turned into the ports' plain data. */
import type { V1DaemonSet, V1Deployment, V1Node, V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import type { KubeNode, KubePod, KubeWorkload } from '../../cloud-ports';
import type { NodeSelectorTerm } from '../../domain/facts';

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function toNode(n: V1Node): KubeNode {
  const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
  const capacity = n.status?.capacity ?? {};
  const internalIp = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const changedAt = time(ready?.lastTransitionTime);
  const createdAt = time(n.metadata?.creationTimestamp);
  return {
    name: n.metadata?.name ?? '',
    labels: { ...(n.metadata?.labels ?? {}) },
    annotations: { ...(n.metadata?.annotations ?? {}) },
    ready: ready?.status === 'True',
    kubeletVersion: n.status?.nodeInfo?.kubeletVersion ?? '',
    ...(n.status?.nodeInfo?.kernelVersion ? { kernelVersion: n.status.nodeInfo.kernelVersion } : {}),
    ...(n.status?.nodeInfo?.osImage ? { osImage: n.status.nodeInfo.osImage } : {}),
    capacity: {
      cpu: capacity.cpu ?? '0',
      memory: capacity.memory ?? '0',
      ...(capacity['ephemeral-storage'] ? { ephemeralStorage: capacity['ephemeral-storage'] } : {}),
    },
    ...(internalIp ? { internalIp } : {}),
    ...(n.spec?.providerID ? { providerId: n.spec.providerID } : {}),
    unschedulable: n.spec?.unschedulable === true,
    taints: (n.spec?.taints ?? []).map((t) => ({
      key: t.key,
      effect: t.effect,
      ...(t.value !== undefined ? { value: t.value } : {}),
    })),
    ...(changedAt !== undefined ? { readyChangedAt: changedAt } : {}),
    ...(ready?.reason ? { readyReason: ready.reason } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(n.status?.nodeInfo?.bootID ? { bootId: n.status.nodeInfo.bootID } : {}),
  };
}

export function toPod(p: V1Pod): KubePod {
  const owner = p.metadata?.ownerReferences?.find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
  const deleting = time(p.metadata?.deletionTimestamp);
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
    phase: p.status?.phase ?? 'Unknown',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    labels: { ...(p.metadata?.labels ?? {}) },
    ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
    mirror: p.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined,
    ...(deleting !== undefined ? { deletionTimestamp: deleting } : {}),
  };
}

export function toDaemonSet(d: V1DaemonSet): KubeWorkload {
  const s = d.status;
  const desired = s?.desiredNumberScheduled ?? 0;
  const updated = s?.updatedNumberScheduled ?? 0;
  const available = s?.numberAvailable ?? 0;
  return {
    ...workloadBase(d.metadata, d.spec?.template, 'DaemonSet'),
    desired,
    ready: s?.numberReady ?? 0,
    updated,
    available,
    rolloutComplete:
      observed(d.metadata?.generation, s?.observedGeneration) && updated >= desired && available >= desired,
  };
}

export function toDeployment(d: V1Deployment): KubeWorkload {
  const s = d.status;
  const desired = d.spec?.replicas ?? 1;
  const updated = s?.updatedReplicas ?? 0;
  const available = s?.availableReplicas ?? 0;
  // Old pods still running mean the rollout has not finished, even with enough new ones.
  const noOldPods = (s?.replicas ?? 0) <= updated;
  return {
    ...workloadBase(d.metadata, d.spec?.template, 'Deployment'),
    desired,
    ready: s?.readyReplicas ?? 0,
    updated,
    available,
    rolloutComplete:
      observed(d.metadata?.generation, s?.observedGeneration) &&
      updated >= desired &&
      available >= desired &&
      noOldPods,
  };
}

function workloadBase(
  meta:
    | {
        namespace?: string;
        name?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      }
    | undefined,
  template: V1PodTemplateSpec | undefined,
  kind: KubeWorkload['kind'],
) {
  const terms =
    template?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const nodeSelector = template?.spec?.nodeSelector;
  return {
    namespace: meta?.namespace ?? '',
    name: meta?.name ?? '',
    kind,
    labels: { ...(meta?.labels ?? {}) },
    ...(meta?.annotations ? { annotations: { ...meta.annotations } } : {}),
    images: (template?.spec?.containers ?? []).flatMap((c) => (c.image ? [c.image] : [])),
    ...(template?.spec?.tolerations
      ? {
          tolerations: template.spec.tolerations.map((t) => ({
            ...(t.key !== undefined ? { key: t.key } : {}),
            ...(t.operator !== undefined ? { operator: t.operator } : {}),
            ...(t.value !== undefined ? { value: t.value } : {}),
            ...(t.effect !== undefined ? { effect: t.effect } : {}),
          })),
        }
      : {}),
    ...(terms ? { requiredNodeSelectorTerms: terms.map(toTerm) } : {}),
    ...(nodeSelector ? { nodeSelector: { ...nodeSelector } } : {}),
  };
}

function toTerm(t: {
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): NodeSelectorTerm {
  return t.matchExpressions
    ? {
        matchExpressions: t.matchExpressions.map((e) => ({
          key: e.key,
          operator: e.operator,
          ...(e.values ? { values: [...e.values] } : {}),
        })),
      }
    : {};
}

function observed(generation: number | undefined, observedGeneration: number | undefined): boolean {
  return generation === undefined || (observedGeneration ?? 0) >= generation;
}

function time(t: Date | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = new Date(t).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
