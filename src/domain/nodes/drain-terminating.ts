/**
 * Which evicted pods a drain still waits for. A pod evicted from a node whose kubelet is down gets a
 * deletionTimestamp (the deadline its grace period gives the kubelet) and stays Terminating until the
 * kubelet returns: nobody else stops its containers. As `kubectl drain --skip-wait-for-delete-timeout`
 * does, such a pod on a NotReady node stops being waited for once its deadline is more than the margin
 * past; on a Ready node its kubelet is at work, and the drain waits as long as it takes.
 */

export interface EvictedPod {
  namespace: string;
  name: string;
  /** metadata.deletionTimestamp (epoch ms): when its grace period ends; absent while not being deleted. */
  deletionTimestamp?: number;
}

export interface TerminatingSplit<P extends EvictedPod> {
  /** Still on the node and waited for. */
  waiting: P[];
  /** Terminating on a NotReady node past their grace period and the margin: counted as gone. */
  leftTerminating: P[];
}

export function splitTerminating<P extends EvictedPod>(
  pods: readonly P[],
  nodeReady: boolean,
  nowMs: number,
  marginSeconds: number,
): TerminatingSplit<P> {
  const waiting: P[] = [];
  const leftTerminating: P[] = [];
  for (const pod of pods) {
    // kubectl compares whole seconds past the deadline with the timeout: strictly more skips.
    const past =
      pod.deletionTimestamp === undefined ? -1 : Math.floor((nowMs - pod.deletionTimestamp) / 1000);
    if (!nodeReady && past > marginSeconds) leftTerminating.push(pod);
    else waiting.push(pod);
  }
  return { waiting, leftTerminating };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Up to five names in backticks, then how many more. */
function named(pods: readonly EvictedPod[]): string {
  const shown = pods.slice(0, 5).map((p) => `\`${p.namespace}/${p.name}\``);
  if (pods.length > 5) shown.push(`${pods.length - 5} more`);
  return shown.join(', ');
}

/** What the drain says of the pods it stopped waiting for, in its output and the change's thread. */
export function leftTerminatingNote(pods: readonly EvictedPod[], nodeName: string): string {
  const they = pods.length === 1 ? 'it goes' : 'they go';
  return `${plural(pods.length, 'pod')} left Terminating on NotReady node \`${nodeName}\`: ${named(pods)}; ${they} when its kubelet returns`;
}

/** The drain's progress while evicted pods are still on the node. */
export function stillTerminatingProgress(
  waiting: readonly EvictedPod[],
  nodeReady: boolean,
  marginSeconds: number,
): string {
  const base = `${plural(waiting.length, 'evicted pod')} still terminating`;
  if (nodeReady) return base;
  const they = waiting.length === 1 ? 'it is' : 'they are';
  return `${base}; the node is NotReady, so ${they} not waited for past ${waiting.length === 1 ? 'its' : 'their'} grace period plus ${marginSeconds} s`;
}
