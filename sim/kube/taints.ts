/**
 * Taints and tolerations as Kubernetes applies them (k8s.io/api core/v1 toleration.go, the scheduler's
 * TaintToleration plugin, the DaemonSet controller, the DefaultTolerationSeconds admission plugin and
 * the taint-based eviction of the node lifecycle controller).
 */

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  /** RFC 3339; set on NoExecute taints (by the node lifecycle controller, kubectl taint). */
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  /** NoExecute only: how long the pod stays once the taint is there; unset: for ever. */
  tolerationSeconds?: number;
}

export const NOT_READY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE = 'node.kubernetes.io/unreachable';

/** ToleratesTaint: an empty effect matches every effect, an empty key with Exists every key. */
export function tolerates(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (tol.operator === 'Exists') return true;
  if (tol.operator && tol.operator !== 'Equal') return false;
  return (tol.value ?? '') === (taint.value ?? '');
}

/** Whether a pod with these tolerations may be placed on a node with these taints (NoSchedule, NoExecute). */
export function admitsScheduling(
  tolerations: Toleration[] | undefined,
  taints: Taint[] | undefined,
): boolean {
  return (taints ?? [])
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((t) => (tolerations ?? []).some((tol) => tolerates(tol, t)));
}

/**
 * When the taint manager evicts a pod from its node: `now` if a NoExecute taint is not tolerated;
 * otherwise `since` plus the smallest tolerationSeconds among the tolerations it matched first, one per
 * taint (zero or less: at once); undefined when it may stay for ever (no NoExecute taint, or every
 * matching toleration without tolerationSeconds).
 */
export function noExecuteEvictionAt(
  tolerations: Toleration[] | undefined,
  taints: Taint[] | undefined,
  since: number,
  now: number,
): number | undefined {
  const noExecute = (taints ?? []).filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  let seconds: number | undefined;
  for (const taint of noExecute) {
    const used = (tolerations ?? []).find((tol) => tolerates(tol, taint));
    if (!used) return now;
    if (typeof used.tolerationSeconds === 'number') {
      seconds = Math.min(seconds ?? Number.POSITIVE_INFINITY, Math.max(0, used.tolerationSeconds));
    }
  }
  return seconds === undefined ? undefined : since + seconds * 1000;
}

/**
 * The tolerations the DaemonSet controller adds to its pods: they stay on nodes that are not ready or
 * unreachable, and are placed on cordoned nodes and nodes under pressure.
 */
export function withDaemonSetTolerations(tolerations: Toleration[] | undefined, hostNetwork: boolean) {
  const added: Toleration[] = [
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(hostNetwork
      ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]
      : []),
  ];
  return addMissing(tolerations, added);
}

/**
 * DefaultTolerationSeconds (on in every API server): a pod that does not tolerate not-ready and
 * unreachable NoExecute taints gets tolerations of them for 300 s, so it leaves a lost node after five minutes.
 */
export function withDefaultTolerationSeconds(tolerations: Toleration[] | undefined): Toleration[] {
  return addMissing(tolerations, [
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
}

/** Adds each toleration unless one with the same key and effect (or none: any) is there already. */
function addMissing(tolerations: Toleration[] | undefined, added: Toleration[]): Toleration[] {
  const out = [...(tolerations ?? [])];
  for (const a of added) {
    const has = out.some((t) => (t.key === a.key || !t.key) && (!t.effect || t.effect === a.effect));
    if (!has) out.push(a);
  }
  return out;
}
