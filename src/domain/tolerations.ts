/** A pod's toleration, as the Kubernetes API holds it. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface TaintLike {
  key: string;
  value?: string;
  effect: string;
}

function tolerates(t: Toleration, taint: TaintLike): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  // An empty key with Exists tolerates every taint.
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** Whether the scheduler may place a pod with these tolerations on a node with these taints. */
export function toleratesTaints(tolerations: readonly Toleration[], taints: readonly TaintLike[]): boolean {
  return taints
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .every((taint) => tolerations.some((t) => tolerates(t, taint)));
}
