/** The defaults kube-apiserver fills in on write; kubectl relies on some (e.g. `rollout status` on updateStrategy). */
import type { KubeObject, KubeResource } from './types';

export function applyDefaults(resource: KubeResource, o: KubeObject): void {
  switch (resource) {
    case 'daemonsets':
      o.spec ??= {};
      o.spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      o.spec.revisionHistoryLimit ??= 10;
      return;
    case 'deployments':
      o.spec ??= {};
      o.spec.replicas ??= 1;
      o.spec.strategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      };
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      return;
    case 'pods':
      o.status ??= { phase: 'Pending' };
      return;
    case 'namespaces':
      o.spec ??= { finalizers: ['kubernetes'] };
      o.status ??= { phase: 'Active' };
      return;
    case 'secrets':
      o.type ??= 'Opaque';
      // stringData is write-only: the API server folds it into data.
      if (o.stringData && typeof o.stringData === 'object') {
        o.data = { ...(o.data as object) };
        for (const [k, v] of Object.entries(o.stringData as Record<string, string>))
          (o.data as Record<string, string>)[k] = Buffer.from(String(v)).toString('base64');
        delete o.stringData;
      }
      return;
    default:
      return;
  }
}
