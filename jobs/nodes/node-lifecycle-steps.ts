import { z } from 'zod';
import type { Kube, KubeNode } from '../../src/cloud-ports';
import { leftTerminatingNote } from '../../src/domain/nodes/drain-terminating';
import { type NodeStepInput, nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext, StepExecutor } from '../changes/change-feature';
import { sayInThread } from '../changes/step-note';
import { clusterConfig } from '../cluster/cluster-info';
import { drainPatience, drainStep } from './drain-step';
import { nodeadmError, runOnHostOnce, sentCommand, waitAgain } from './host-run';
import { typedStep } from './typed-step';

/**
 * One library of the steps that take a node out of a cluster, as AWS orders them: cordon, drain,
 * `nodeadm uninstall` (or wait for the requester's, on an IAM Roles Anywhere host), delete the Node.
 * Host deregistration, pool remove and delete, a cutover's leaving half, a re-image's and an in-place
 * rollout's cordon and drain run these; the joining steps are in node-join-steps.ts.
 */
type Ctx = StepContext<{ cluster: string }>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));

/** A field the step cannot act without. */
export function required(
  ctx: StepContext<unknown>,
  input: Pick<NodeStepInput, 'nodeName' | 'managedInstanceId'>,
  field: 'nodeName' | 'managedInstanceId',
): string {
  const value = input[field];
  if (!value) throw new BotError(ErrorCode.Validation, `Step ${ctx.step.key} has no ${field}.`);
  return value;
}

const hostOf = (i: NodeStepInput) => i.host ?? i.managedInstanceId ?? i.nodeName ?? 'the host';

const nodeStep = (run: (ctx: Ctx, input: NodeStepInput) => Promise<string>) =>
  typedStep(nodeStepInputSchema, run);

/** Cordons a node the caller has looked at: it takes no new pods. */
export async function cordon(kube: Pick<Kube, 'setUnschedulable'>, node: KubeNode): Promise<string> {
  if (node.unschedulable) return 'already cordoned';
  await kube.setUnschedulable(node.name, true);
  return 'cordoned';
}

export const cordonNode: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const { kube } = clients(ctx);
  const node = await kube.getNode(required(ctx, input, 'nodeName'));
  if (!node) return 'the node is already gone';
  return cordon(kube, node);
});

/**
 * Evicts what runs on the node but DaemonSet and static pods (budgets respected, blockers named).
 * Pods it stops waiting for (Terminating on a NotReady node) are named in the change's thread, once.
 */
export const drainNode: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const nodeName = required(ctx, input, 'nodeName');
  const { output, leftTerminating } = await drainStep(clients(ctx).kube, nodeName, drainPatience(ctx));
  if (leftTerminating.length > 0) {
    const text = `*${ctx.step.title}*: ${leftTerminatingNote(leftTerminating, nodeName)}`;
    await sayInThread(ctx, 'left-terminating', text);
  }
  return output;
});

const UNINSTALLED = 'nodeadm uninstall done (kubelet stopped, managed instance deregistered)';

/**
 * `nodeadm uninstall` through SSM, sent once per step and Retry. Uninstall deregisters the managed
 * instance as its last act, so SSM may lose the command with it, and the instance being gone after
 * this step sent its command is this step's own work, not an earlier uninstall's.
 */
export const uninstallNodeadm: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const { ssm } = clients(ctx);
  const instanceId = required(ctx, input, 'managedInstanceId');
  const sent = await sentCommand(ctx, instanceId);
  const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
  if (!instance) {
    return sent
      ? UNINSTALLED
      : `nothing to uninstall: managed instance ${instanceId} was deregistered before this step`;
  }
  const limitMinutes = ctx.deps.config.pools.joinMinutes;
  const result = await runOnHostOnce(ctx, instanceId, ['set -e', 'nodeadm uninstall'], {
    what: 'nodeadm uninstall',
    limitMinutes,
    timeoutSeconds: limitMinutes * 60,
    sent: sent ?? null,
  });
  const [after] = await ssm.describeInstances({ instanceIds: [instanceId] });
  if (result.status !== 'Success' && after) {
    throw new BotError(
      ErrorCode.Conflict,
      `\`nodeadm uninstall\` failed on ${hostOf(input)}: ${nodeadmError(result)}. Fix the host, then retry the step.`,
    );
  }
  return UNINSTALLED;
});

/** IAM Roles Anywhere hosts: the requester runs the uninstall; the change goes on once kubelet stopped. */
export const awaitHostUninstall: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const node = await clients(ctx).kube.getNode(required(ctx, input, 'nodeName'));
  if (!node?.ready) return 'kubelet stopped';
  throw new BotError(
    ErrorCode.Conflict,
    `<@${ctx.change.requester}>, run \`sudo nodeadm uninstall\` on ${hostOf(input)} (the bot cannot reach IAM Roles Anywhere hosts), then retry this step.`,
  );
});

export const deleteNodeObject: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const { kube } = clients(ctx);
  const name = required(ctx, input, 'nodeName');
  if (!(await kube.getNode(name))) return 'already deleted';
  await kube.deleteNode(name);
  return 'deleted (billing for the node stops)';
});

/** Takes a node back into scheduling, once whatever took it out (a reboot) is over. */
export const uncordonNode: StepExecutor<{ cluster: string }> = nodeStep(async (ctx, input) => {
  const { kube } = clients(ctx);
  const name = required(ctx, input, 'nodeName');
  const node = await kube.getNode(name);
  if (!node) throw new BotError(ErrorCode.Conflict, `Node ${name} is gone: there is nothing to uncordon.`);
  if (!node.unschedulable) return 'already schedulable';
  await kube.setUnschedulable(name, false);
  return 'uncordoned';
});

const readyAgainInput = nodeStepInputSchema.extend({
  /** After a reboot: the boot the node reported before it, which a Ready from the new boot is not. */
  bootIdBefore: z.string().min(1).optional(),
});

/**
 * Waits, holding no worker, for the node to be Ready again (after a restart or a reboot). After a
 * reboot, a Ready status its kubelet posted before it went down does not count: the node must
 * report another boot.
 */
export const awaitReadyAgain: StepExecutor<{ cluster: string }> = typedStep(
  readyAgainInput,
  async (ctx, input) => {
    const name = required(ctx, input, 'nodeName');
    const node = await clients(ctx).kube.getNode(name);
    const sameBoot = input.bootIdBefore !== undefined && node?.bootId === input.bootIdBefore;
    if (node?.ready && !sameBoot) return `node ${name} Ready`;
    const progress = !node
      ? `node ${name} not registered`
      : sameBoot
        ? `node ${name} has not reported since the reboot`
        : `node ${name} NotReady`;
    return waitAgain(
      ctx,
      progress,
      ctx.deps.config.pools.joinMinutes,
      `Node ${name} of ${hostOf(input)} is not Ready`,
    );
  },
);

/** The action names a feature's journals give the leaving steps (each feature has its own). */
export interface LeavingActions {
  cordon: string;
  drain: string;
  uninstall: string;
  awaitUninstall: string;
  deleteNode: string;
}

/** The leaving steps' executors under a feature's action names. */
export function leavingExecutors(a: LeavingActions): Record<string, StepExecutor<{ cluster: string }>> {
  return {
    [a.cordon]: cordonNode,
    [a.drain]: drainNode,
    [a.uninstall]: uninstallNodeadm,
    [a.awaitUninstall]: awaitHostUninstall,
    [a.deleteNode]: deleteNodeObject,
  };
}
