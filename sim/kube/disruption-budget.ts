/** How many pods a PodDisruptionBudget allows to be disrupted, computed from the pods it selects. */
import { matchesLabelSelectorObject } from './selectors';
import type { KubeStore } from './store';
import type { KubeObject } from './types';

export interface BudgetState {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export function budgetsSelecting(store: KubeStore, pod: KubeObject): KubeObject[] {
  return store
    .peek('poddisruptionbudgets', { namespace: pod.metadata.namespace ?? 'default' })
    .filter((pdb) => matchesLabelSelectorObject(pod.metadata.labels, pdb.spec?.selector));
}

export function budgetState(store: KubeStore, pdb: KubeObject): BudgetState {
  const pods = store
    .peek('pods', { namespace: pdb.metadata.namespace ?? 'default' })
    .filter((p) => matchesLabelSelectorObject(p.metadata.labels, pdb.spec?.selector))
    .filter((p) => !['Succeeded', 'Failed'].includes(p.status?.phase))
    // The disruption controller counts no pod being deleted: its replacement is what counts.
    .filter((p) => !p.metadata.deletionTimestamp);
  const expectedPods = pods.length;
  const currentHealthy = pods.filter(isHealthy).length;
  const desiredHealthy = desired(pdb.spec ?? {}, expectedPods);
  return {
    expectedPods,
    currentHealthy,
    desiredHealthy,
    disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy),
  };
}

/** A pod counts as healthy when Running and Ready (Running alone when it reports no conditions). */
export function isHealthy(pod: KubeObject): boolean {
  if (pod.status?.phase !== 'Running') return false;
  const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  return ready ? ready.status === 'True' : true;
}

function desired(
  spec: { minAvailable?: number | string; maxUnavailable?: number | string },
  expected: number,
): number {
  if (spec.minAvailable !== undefined) return scaled(spec.minAvailable, expected);
  if (spec.maxUnavailable !== undefined) return Math.max(0, expected - scaled(spec.maxUnavailable, expected));
  return 0;
}

/** An integer, or a percentage of the expected pods rounded up, as the disruption controller does. */
function scaled(value: number | string, expected: number): number {
  if (typeof value === 'number') return value;
  const pct = /^(\d+)%$/.exec(value);
  return pct ? Math.ceil((Number(pct[1]) * expected) / 100) : Number(value) || 0;
}

/** Writes the budget's current numbers into its status, as the disruption controller would. */
export function refreshBudgetStatus(store: KubeStore, name: string, namespace: string): void {
  store.update('poddisruptionbudgets', name, namespace, (pdb) => {
    pdb.status = {
      ...(pdb.status ?? {}),
      ...budgetState(store, pdb),
      observedGeneration: pdb.metadata.generation,
    };
  });
}
