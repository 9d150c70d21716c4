/**
 * Deleting a pod as kube-apiserver does: a pod bound to a node gets `deletionTimestamp` (now plus its
 * grace period) and `deletionGracePeriodSeconds`, and stays (Terminating) until that node's kubelet
 * has stopped its containers and confirms. A kubelet that runs does so at once here; a pod on a node
 * whose kubelet is down stays Terminating until it is back (see `finishDeletions`) or someone
 * force-deletes it (grace period 0). Unbound and finished pods go at once.
 */
import type { KubeStore } from './store';
import type { KubeObject } from './types';

/** spec.terminationGracePeriodSeconds when the pod does not set it, as the API server defaults it. */
export const DEFAULT_GRACE_SECONDS = 30;

/** Returns the pod as the API answers a DELETE: marked Terminating, or as it was when removed. */
export function deletePod(
  store: KubeStore,
  name: string,
  namespace: string,
  gracePeriodSeconds?: number,
): KubeObject | undefined {
  const pod = store.get('pods', name, namespace);
  if (!pod) return undefined;
  const nodeName: string | undefined = pod.spec?.nodeName;
  const finished = ['Succeeded', 'Failed'].includes(pod.status?.phase);
  const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  if (!nodeName || finished || grace <= 0) return store.delete('pods', name, namespace);
  // A later graceful delete of a pod already Terminating changes nothing that matters here.
  const marked = pod.metadata.deletionTimestamp
    ? pod
    : store.update('pods', name, namespace, (p) => {
        const deadline = new Date(store.now().getTime() + grace * 1000);
        p.metadata.deletionTimestamp = deadline.toISOString().replace(/\.\d{3}Z$/, 'Z');
        p.metadata.deletionGracePeriodSeconds = grace;
      });
  return store.kubeletRuns(nodeName) ? store.delete('pods', name, namespace) : marked;
}

/** A node's kubelet is back: the pods deleted while it was down are removed (containers stopped, confirmed). */
export function finishDeletions(store: KubeStore, nodeName: string): void {
  if (!store.kubeletRuns(nodeName)) return;
  for (const pod of store.list('pods', { fieldSelector: `spec.nodeName=${nodeName}` }).items) {
    if (pod.metadata.deletionTimestamp) store.delete('pods', pod.metadata.name, pod.metadata.namespace);
  }
}

export function isTerminating(pod: KubeObject): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}
