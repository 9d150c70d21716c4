import type { Kube } from '../../src/cloud-ports';
import { BotError, ErrorCode } from '../../src/errors';
import { type StepContext, StepWaiting } from '../changes/change-feature';
import { stepElapsedMs } from './host-run';

/** How long a drain keeps trying evictions that budgets refuse, and how often. */
export interface DrainPatience {
  /** How long the step has been under way. */
  waitedMs: number;
  blockedMinutes: number;
  retryMs: number;
}

/**
 * Evicts all but DaemonSet and static pods from a cordoned node. An eviction a PodDisruptionBudget
 * refuses is tried again, as `kubectl drain` does (a replacement elsewhere often frees it within
 * seconds); after `blockedMinutes` the change pauses naming the pods. Evicted pods still
 * terminating make the step look again. Idempotent.
 */
export async function drainStep(
  kube: Pick<Kube, 'getNode' | 'listPods' | 'evictPod'>,
  nodeName: string,
  patience: DrainPatience,
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
  const named = blocked.map((p) => `\`${p}\``).join(', ');
  if (blocked.length > 0 && patience.waitedMs < patience.blockedMinutes * 60_000) {
    throw new StepWaiting(
      `PodDisruptionBudgets hold ${named} for now (${pods.length} pod${pods.length === 1 ? '' : 's'} left): evicting again, as kubectl drain does, for up to ${patience.blockedMinutes} min`,
      patience.retryMs,
    );
  }
  if (blocked.length > 0) {
    throw new BotError(
      ErrorCode.Conflict,
      `PodDisruptionBudgets keep ${named} on ${nodeName}${patience.blockedMinutes > 0 ? ` (refused for ${patience.blockedMinutes} min)` : ''}. Free capacity elsewhere or relax the budget, then retry the step.`,
    );
  }
  const left = (await movable()).length;
  if (left > 0) throw new StepWaiting(`${left} evicted pod${left === 1 ? '' : 's'} still terminating`, 1000);
  return pods.length === 0 ? 'nothing to evict' : `${pods.length} pod${pods.length === 1 ? '' : 's'} evicted`;
}

/** A drain's patience from the step under way and the pools configuration. */
export function drainPatience(ctx: StepContext): DrainPatience {
  const { pools } = ctx.deps.config;
  return {
    waitedMs: stepElapsedMs(ctx),
    blockedMinutes: pools.drainBlockedMinutes,
    // kubectl drain tries again every 5 s.
    retryMs: Math.min(5000, pools.pollMaxMs),
  };
}
