import { type NodeStepInput, nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { drainPatience, drainStep } from './drain-step';
import { nodeadmError, runOnHostOnce, sentCommand } from './host-run';

/**
 * One library of the steps that take a node out of a cluster, as AWS orders them: cordon, drain,
 * `nodeadm uninstall` (or wait for the requester's, on an IAM Roles Anywhere host), delete the Node.
 * Host deregistration, pool remove and delete, and a cutover's leaving half all run these.
 */
type Ctx = StepContext<{ cluster: string }>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));

function inputOf(ctx: Ctx): NodeStepInput {
  return nodeStepInputSchema.parse(ctx.step.input);
}

function required(ctx: Ctx, field: 'nodeName' | 'managedInstanceId'): string {
  const value = inputOf(ctx)[field];
  if (!value) throw new BotError(ErrorCode.Validation, `Step ${ctx.step.key} has no ${field}.`);
  return value;
}

const hostOf = (ctx: Ctx) => {
  const i = inputOf(ctx);
  return i.host ?? i.managedInstanceId ?? i.nodeName ?? 'the host';
};

export const cordonNode: StepExecutor<{ cluster: string }> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const node = await kube.getNode(required(ctx, 'nodeName'));
    if (!node) return 'the node is already gone';
    if (node.unschedulable) return 'already cordoned';
    await kube.setUnschedulable(node.name, true);
    return 'cordoned';
  },
};

/** Evicts what runs on the node but DaemonSet and static pods (budgets respected, blockers named). */
export const drainNode: StepExecutor<{ cluster: string }> = {
  run: (ctx) => drainStep(clients(ctx).kube, required(ctx, 'nodeName'), drainPatience(ctx)),
};

const UNINSTALLED = 'nodeadm uninstall done (kubelet stopped, managed instance deregistered)';

/**
 * `nodeadm uninstall` through SSM, sent once per step and Retry. Uninstall deregisters the managed
 * instance as its last act, so SSM may lose the command with it, and the instance being gone after
 * this step sent its command is this step's own work, not an earlier uninstall's.
 */
export const uninstallNodeadm: StepExecutor<{ cluster: string }> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const instanceId = required(ctx, 'managedInstanceId');
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
        `\`nodeadm uninstall\` failed on ${hostOf(ctx)}: ${nodeadmError(result)}. Fix the host, then retry the step.`,
      );
    }
    return UNINSTALLED;
  },
};

/** IAM Roles Anywhere hosts: the requester runs the uninstall; the change goes on once kubelet stopped. */
export const awaitHostUninstall: StepExecutor<{ cluster: string }> = {
  async run(ctx) {
    const node = await clients(ctx).kube.getNode(required(ctx, 'nodeName'));
    if (!node?.ready) return 'kubelet stopped';
    throw new BotError(
      ErrorCode.Conflict,
      `<@${ctx.change.requester}>, run \`sudo nodeadm uninstall\` on ${hostOf(ctx)} (the bot cannot reach IAM Roles Anywhere hosts), then retry this step.`,
    );
  },
};

export const deleteNodeObject: StepExecutor<{ cluster: string }> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const name = required(ctx, 'nodeName');
    if (!(await kube.getNode(name))) return 'already deleted';
    await kube.deleteNode(name);
    return 'deleted (billing for the node stops)';
  },
};
