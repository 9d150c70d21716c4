import type { NodeSelectorTerm } from '../facts';
import { confinedToHybridNodes, excludesHybridNodes } from '../node-affinity';
import { versionOfImage } from './cilium-version';
import type { CniOwner, RunningCni, WorkloadState } from './cni-state';

export type { CniOwner, RunningCni, WorkloadState } from './cni-state';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** What the bot reads of a DaemonSet or Deployment to judge the CNI layer. */
export interface CniWorkload {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  images?: string[];
  requiredNodeSelectorTerms?: NodeSelectorTerm[];
  tolerations?: Toleration[];
  desired: number;
  ready: number;
  updated: number;
  rolloutComplete: boolean;
}

/** A Flux HelmRelease as far as the bot needs it: where it is and whether it is Ready. */
export interface FluxReleaseState {
  namespace: string;
  name: string;
  ready?: { status: string; reason?: string; message?: string };
  /** The HelmRelease's generation has been reconciled (status.observedGeneration ≥ metadata.generation). */
  observed: boolean;
}

/** The cluster's objects the CNI layer lives in (kube-system), as read. */
export interface CniObjects {
  agent?: CniWorkload;
  operator?: CniWorkload;
  awsNode?: CniWorkload;
  /** kube-system/cilium-config's data. */
  ciliumConfig?: Record<string, string>;
  /** The `helmreleases.helm.toolkit.fluxcd.io` CRD exists. */
  fluxInstalled: boolean;
}

const FLUX_NAME = 'helm.toolkit.fluxcd.io/name';
const FLUX_NAMESPACE = 'helm.toolkit.fluxcd.io/namespace';

/** Flux labels what its HelmRelease installs; Helm annotates it with the release name. */
export function ownerOf(w: CniWorkload | undefined): CniOwner {
  if (!w) return { kind: 'unknown' };
  const fluxName = w.labels[FLUX_NAME];
  if (fluxName) return { kind: 'flux', name: fluxName, namespace: w.labels[FLUX_NAMESPACE] ?? w.namespace };
  const release = w.annotations?.['meta.helm.sh/release-name'];
  if (release) return { kind: 'helm', release };
  if (w.labels['app.kubernetes.io/managed-by'] === 'Helm') return { kind: 'helm', release: 'cilium' };
  return { kind: 'unknown' };
}

/** No toleration of everything, and none of a cordoned node: a drain can move the operator away. */
export function tolerationsRestricted(tolerations: readonly Toleration[] | undefined): boolean {
  if (!tolerations) return false;
  return tolerations.every(
    (t) => !(t.operator === 'Exists' && !t.key) && t.key !== 'node.kubernetes.io/unschedulable',
  );
}

function workloadState(w: CniWorkload): WorkloadState {
  const version = (w.images ?? []).map(versionOfImage).find((v) => v !== undefined);
  return {
    ...(version ? { version } : {}),
    hybridOnly: confinedToHybridNodes(w.requiredNodeSelectorTerms),
    desired: w.desired,
    ready: w.ready,
    updated: w.updated,
    rolledOut: w.rolloutComplete,
  };
}

export function readRunningCni(objects: CniObjects): RunningCni {
  const { agent, operator, awsNode, ciliumConfig } = objects;
  const mask = Number(ciliumConfig?.['cluster-pool-ipv4-mask-size']);
  const cidrs = (ciliumConfig?.['cluster-pool-ipv4-cidr'] ?? '').split(/[\s,]+/).filter(Boolean);
  return {
    installed: agent !== undefined,
    ...(agent ? { agent: workloadState(agent) } : {}),
    ...(operator
      ? {
          operator: {
            ...workloadState(operator),
            replicas: operator.desired,
            tolerationsRestricted: tolerationsRestricted(operator.tolerations),
          },
        }
      : {}),
    ...(ciliumConfig?.ipam ? { ipamMode: ciliumConfig.ipam } : {}),
    podCidrs: cidrs,
    ...(Number.isInteger(mask) && mask > 0 ? { maskSize: mask } : {}),
    ...(awsNode ? { awsNodeExcludesHybrid: excludesHybridNodes(awsNode.requiredNodeSelectorTerms) } : {}),
    owner: ownerOf(agent),
    fluxInstalled: objects.fluxInstalled,
  };
}

export function sameCidrs(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]) =>
    [...l]
      .map((c) => c.trim())
      .sort()
      .join(' ');
  return norm(a) === norm(b);
}
