import type { Kube } from '../../src/cloud-ports';
import {
  type EvictedPod,
  leftTerminatingNote,
  splitTerminating,
  stillTerminatingProgress,
} from '../../src/domain/nodes/drain-terminating';
import { BotError, ErrorCode } from '../../src/errors';
import { type StepContext, StepWaiting } from '../changes/change-feature';
import { stepElapsedMs } from './host-run';

/** How long a drain keeps trying evictions that budgets refuse, and how often; how long it waits for pods to go. */
export interface DrainPatience {
  /** How long the step has been under way. */
  waitedMs: number;
  blockedMinutes: number;
  retryMs: number;
  /** Now (epoch ms), for how long evicted pods have been Terminating. */
  nowMs: number;
  /** On a NotReady node, pods Terminating this long past their grace period are not waited for. */
  skipTerminatingSeconds: number;
}

/** What a drain did, and the evicted pods it stopped waiting for (said in the change's thread). */
export interface DrainResult {
  output: string;
  leftTerminating: EvictedPod[];
}

/**
 * Evicts all but DaemonSet and static pods from a cordoned node. An eviction a PodDisruptionBudget
 * refuses is tried again, as `kubectl drain` does (a replacement elsewhere often frees it within
 * seconds); after `blockedMinutes` the change pauses naming the pods. Evicted pods still
 * terminating make the step look again, except on a NotReady node once they are past their grace
 * period and the margin (see drain-terminating.ts): they are named instead. Idempotent.
 */
export async function drainStep(
  kube: Pick<Kube, 'getNode' | 'listPods' | 'evictPod'>,
  nodeName: string,
  patience: DrainPatience,
): Promise<DrainResult> {
  const movable = async () =>
    (await kube.listPods({ nodeName })).filter((p) => !p.mirror && p.owner?.kind !== 'DaemonSet');
  const [node, pods] = await Promise.all([kube.getNode(nodeName), movable()]);
  if (!node) return { output: 'the node is already gone', leftTerminating: [] };
  // Cordoned, with nothing to move: nothing can have come since.
  if (pods.length === 0) return { output: 'nothing to evict', leftTerminating: [] };
  const blocked: string[] = [];
  for (const pod of pods) {
    // A pod already being deleted went through its budget when it was evicted.
    if (pod.deletionTimestamp !== undefined) continue;
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
  const left = await movable();
  if (left.length > 0) {
    // Read again: the node may have turned NotReady (or back) while the pods were evicted.
    const ready = (await kube.getNode(nodeName))?.ready ?? false;
    const { waiting, leftTerminating } = splitTerminating(
      left,
      ready,
      patience.nowMs,
      patience.skipTerminatingSeconds,
    );
    if (waiting.length > 0)
      throw new StepWaiting(stillTerminatingProgress(waiting, ready, patience.skipTerminatingSeconds), 1000);
    const evicted = `${pods.length} pod${pods.length === 1 ? '' : 's'} evicted`;
    return { output: `${evicted}; ${leftTerminatingNote(leftTerminating, nodeName)}`, leftTerminating };
  }
  return { output: `${pods.length} pod${pods.length === 1 ? '' : 's'} evicted`, leftTerminating: [] };
}

/** A drain's patience from the step under way and the pools configuration. */
export function drainPatience(ctx: StepContext): DrainPatience {
  const { pools } = ctx.deps.config;
  return {
    waitedMs: stepElapsedMs(ctx),
    blockedMinutes: pools.drainBlockedMinutes,
    // kubectl drain tries again every 5 s.
    retryMs: Math.min(5000, pools.pollMaxMs),
    nowMs: ctx.deps.clock.now(),
    skipTerminatingSeconds: pools.drainSkipTerminatingSeconds,
  };
}
