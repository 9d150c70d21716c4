/**
 * The controllers a real control plane runs beside the API server, reduced to what clients see:
 * DaemonSet and Deployment status (with stepwise rollouts) and PodDisruptionBudget status.
 * Optional: a fleet model that writes these statuses itself need not start them.
 */
import { refreshBudgetStatus } from './disruption-budget';
import { daemonSetStatus, deploymentStatus } from './rollout';
import type { KubeStore } from './store';
import type { KubeResource } from './types';

export interface KubeControllers {
  /** Reconciles at once and advances every running rollout by one step. */
  step(): void;
  stop(): void;
}

const WATCHED: KubeResource[] = ['nodes', 'pods', 'daemonsets', 'deployments', 'poddisruptionbudgets'];

export function startKubeControllers(
  store: KubeStore,
  opts: { rolloutStepMs?: number } = {},
): KubeControllers {
  const reconcile = (advance: boolean) => {
    const nodes = store.list('nodes').items;
    const pods = store.list('pods').items;
    for (const ds of store.list('daemonsets').items) {
      const status = daemonSetStatus(ds, nodes, advance);
      store.update('daemonsets', ds.metadata.name, ds.metadata.namespace, (o) => {
        o.status = status;
      });
    }
    for (const d of store.list('deployments').items) {
      const status = deploymentStatus(d, pods, advance, new Date());
      store.update('deployments', d.metadata.name, d.metadata.namespace, (o) => {
        o.status = status;
      });
    }
    for (const pdb of store.list('poddisruptionbudgets').items) {
      refreshBudgetStatus(store, pdb.metadata.name, pdb.metadata.namespace ?? 'default');
    }
  };

  // Changes arrive inside the store's own update; reconcile once afterwards, not re-entrantly.
  let pending: NodeJS.Immediate | undefined;
  const schedule = () => {
    pending ??= setImmediate(() => {
      pending = undefined;
      reconcile(false);
    });
  };
  const unsubscribe = WATCHED.map((r) => store.watch(r, schedule));
  const timer = setInterval(() => reconcile(true), opts.rolloutStepMs ?? 2000);
  timer.unref();
  reconcile(false);

  return {
    step: () => reconcile(true),
    stop: () => {
      clearInterval(timer);
      if (pending) clearImmediate(pending);
      for (const u of unsubscribe) u();
    },
  };
}
