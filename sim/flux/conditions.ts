/** metav1.Condition bookkeeping as Flux's controllers do it: the transition time moves only when the status does. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration: number;
  lastTransitionTime: string;
}

export function setCondition(
  conditions: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? list[i] : undefined;
  const at =
    old && old.status === next.status ? old.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const c = { ...next, lastTransitionTime: at };
  if (i >= 0) list[i] = c;
  else list.push(c);
  return list;
}

export function removeCondition(conditions: Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

export function condition(o: { status?: { conditions?: Condition[] } }, type: string): Condition | undefined {
  return o.status?.conditions?.find((c) => c.type === type);
}
