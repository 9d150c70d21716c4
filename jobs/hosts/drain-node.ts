import type { ClusterConfig } from '../../src/config/schema';
import type { CommandDeps } from '../job-context';

/** Cordons the node and evicts its pods (DaemonSet and static pods stay), honouring PodDisruptionBudgets. */
export async function drainNode(
  deps: CommandDeps,
  cluster: ClusterConfig,
  nodeName: string,
): Promise<{ evicted: number; blocked: string[] }> {
  const { kube } = deps.cloud.forCluster(cluster);
  if (!(await kube.getNode(nodeName))) return { evicted: 0, blocked: [] };
  await kube.setUnschedulable(nodeName, true);
  const pods = (await kube.listPods({ nodeName })).filter((p) => !p.mirror && p.owner?.kind !== 'DaemonSet');
  let evicted = 0;
  const blocked: string[] = [];
  for (const pod of pods) {
    const outcome = await kube.evictPod(pod.namespace, pod.name);
    if (outcome === 'evicted') evicted++;
    else blocked.push(`${pod.namespace}/${pod.name}`);
  }
  return { evicted, blocked };
}
