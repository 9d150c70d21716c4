import type { Kube } from '../../src/cloud-ports';
import { BotError, ErrorCode } from '../../src/errors';
import { StepWaiting } from '../changes/change-feature';

/**
 * Evicts all but DaemonSet and static pods from a cordoned node; a PodDisruptionBudget pauses the
 * change naming the pods; evicted pods still terminating make the step look again. Idempotent.
 */
export async function drainStep(
  kube: Pick<Kube, 'getNode' | 'listPods' | 'evictPod'>,
  nodeName: string,
): Promise<string> {
  if (!(await kube.getNode(nodeName))) return 'the node is already gone';
  const movable = async () =>
    (await kube.listPods({ nodeName })).filter((p) => !p.mirror && p.owner?.kind !== 'DaemonSet');
  const pods = await movable();
  const blocked: string[] = [];
  for (const pod of pods) {
    if ((await kube.evictPod(pod.namespace, pod.name)) !== 'evicted')
      blocked.push(`${pod.namespace}/${pod.name}`);
  }
  if (blocked.length > 0) {
    throw new BotError(
      ErrorCode.Conflict,
      `PodDisruptionBudgets keep ${blocked.map((p) => `\`${p}\``).join(', ')} on ${nodeName}. Free capacity elsewhere or relax the budget, then retry the step.`,
    );
  }
  const left = (await movable()).length;
  if (left > 0) throw new StepWaiting(`${left} evicted pod${left === 1 ? '' : 's'} still terminating`, 1000);
  return pods.length === 0 ? 'nothing to evict' : `${pods.length} pod${pods.length === 1 ? '' : 's'} evicted`;
}
