/** A PodDisruptionBudget's selector and what it allows now. */
export interface BudgetFacts {
  namespace: string;
  name: string;
  matchLabels: Record<string, string>;
  matchExpressions: readonly { key: string; operator: string; values?: readonly string[] }[];
  disruptionsAllowed: number;
}

export interface PodRef {
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/** Whether a label selector (matchLabels and matchExpressions, as Kubernetes reads them) selects these labels. */
export function selects(
  b: Pick<BudgetFacts, 'matchLabels' | 'matchExpressions'>,
  labels: Record<string, string>,
): boolean {
  if (!Object.entries(b.matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return b.matchExpressions.every((e) => {
    const has = e.key in labels;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        return has && values.includes(labels[e.key] ?? '');
      case 'NotIn':
        return !has || !values.includes(labels[e.key] ?? '');
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/**
 * The budgets that would stop a drain of these pods now: they cover one of them and allow no
 * disruption. Named `namespace/name (pod, …)` so a person can find them.
 */
export function blockingBudgets(budgets: readonly BudgetFacts[], pods: readonly PodRef[]): string[] {
  const blocking: string[] = [];
  for (const b of budgets) {
    if (b.disruptionsAllowed > 0) continue;
    // An empty selector selects nothing in policy/v1.
    if (Object.keys(b.matchLabels).length === 0 && b.matchExpressions.length === 0) continue;
    const covered = pods.filter((p) => p.namespace === b.namespace && selects(b, p.labels));
    if (covered.length > 0)
      blocking.push(`${b.namespace}/${b.name} (${covered.map((p) => p.name).join(', ')})`);
  }
  return blocking;
}
