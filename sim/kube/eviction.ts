/** policy/v1 Eviction: deletes a pod unless a PodDisruptionBudget would be violated (then 429). */
import { budgetState, budgetsSelecting, isHealthy, refreshBudgetStatus } from './disruption-budget';
import { badRequest, KubeError, notFound } from './errors';
import { deletePod } from './pod-deletion';
import type { KubeStore } from './store';

export function evictPod(
  store: KubeStore,
  namespace: string,
  name: string,
  body: unknown,
  dryRun = false,
): void {
  const eviction = body as
    | { kind?: string; metadata?: { name?: string }; deleteOptions?: { gracePeriodSeconds?: number } }
    | undefined;
  if (eviction?.kind !== 'Eviction') throw badRequest('the body must be a policy/v1 Eviction');
  if (eviction.metadata?.name !== name)
    throw badRequest('name in URL does not match name in Eviction object');
  const pod = store.get('pods', name, namespace);
  if (!pod) throw notFound('pods', name);

  // Pods that are not running hold up no budget.
  if (pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp) {
    const budgets = budgetsSelecting(store, pod);
    if (budgets.length > 1) {
      throw new KubeError(
        500,
        'InternalError',
        'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    const [pdb] = budgets;
    if (pdb) {
      const state = budgetState(store, pdb);
      // A healthy pod needs an allowed disruption; an unready one may go while the budget is met.
      const refused = isHealthy(pod)
        ? state.disruptionsAllowed <= 0
        : state.currentHealthy < state.desiredHealthy;
      if (refused) {
        throw new KubeError(
          429,
          'TooManyRequests',
          "Cannot evict pod as it would violate the pod's disruption budget.",
          {
            causes: [
              {
                reason: 'DisruptionBudget',
                message: `The disruption budget ${pdb.metadata.name} needs ${state.desiredHealthy} healthy pods and has ${state.currentHealthy} currently`,
              },
            ],
          },
        );
      }
    }
  }
  if (dryRun) return;
  // Deleted as a DELETE would: on a node whose kubelet is down the pod stays Terminating.
  deletePod(store, name, namespace, eviction.deleteOptions?.gracePeriodSeconds);
  for (const pdb of budgetsSelecting(store, pod)) refreshBudgetStatus(store, pdb.metadata.name, namespace);
}
