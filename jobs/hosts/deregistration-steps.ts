import type { StepRecord } from '../../src/domain/changes/journal';
import {
  DEREGISTRATION_STEPS,
  type DeregistrationPlan,
  deregistrationPlanner,
} from '../../src/domain/hosts/deregistration-plan';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature, StepContext, StepExecutor } from '../changes/change-feature';
import { drainPatience, drainStep } from '../pools/drain-step';
import { clusterConfig } from './cluster-info';
import { runHostCommand } from './host-command';

type Ctx = StepContext<DeregistrationPlan>;

function clients(ctx: Ctx) {
  return ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
}

const nodeOf = (ctx: Ctx) => String(ctx.step.input.nodeName);

const cordon: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const node = await kube.getNode(nodeOf(ctx));
    if (!node) return 'the node is already gone';
    if (node.unschedulable) return 'already cordoned';
    await kube.setUnschedulable(node.name, true);
    return 'cordoned';
  },
};

/** Evicts what runs on the node but DaemonSet and static pods, as a pool's drain does (budgets respected). */
const drain: StepExecutor<DeregistrationPlan> = {
  run: (ctx) => drainStep(clients(ctx).kube, nodeOf(ctx), drainPatience(ctx)),
};

/** `nodeadm uninstall` through SSM, sent once per step round (the comment finds an earlier send). */
const uninstall: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const instanceId = String(ctx.step.input.managedInstanceId);
    const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
    if (!instance) return 'the managed instance is already gone (uninstalled before)';
    const result = await runHostCommand(ssm, instanceId, ['nodeadm uninstall'], commandComment(ctx));
    if (result.status !== 'Success') {
      const reason = lastLine(result.stderr) || result.status;
      throw new BotError(
        ErrorCode.Conflict,
        `\`nodeadm uninstall\` failed on ${ctx.plan.host}: ${reason}. Fix the host, then retry the step.`,
      );
    }
    return 'nodeadm uninstall done (kubelet stopped, managed instance deregistered)';
  },
};

/** IAM Roles Anywhere hosts: the requester runs the uninstall; the change goes on once kubelet stopped. */
const awaitUninstall: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const node = await clients(ctx).kube.getNode(nodeOf(ctx));
    if (!node?.ready) return 'kubelet stopped';
    throw new BotError(
      ErrorCode.Conflict,
      `<@${ctx.change.requester}>, run \`sudo nodeadm uninstall\` on ${ctx.plan.host} (the bot cannot reach IAM Roles Anywhere hosts), then retry this step.`,
    );
  },
};

const deleteNode: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    if (!(await kube.getNode(nodeOf(ctx)))) return 'already deleted';
    await kube.deleteNode(nodeOf(ctx));
    return 'deleted (billing for the node stops)';
  },
};

const deregisterInstance: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const instanceId = String(ctx.step.input.managedInstanceId);
    const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
    if (!instance) return 'already deregistered';
    await ssm.deregisterManagedInstance(instanceId);
    return 'deregistered';
  },
};

const deleteActivation: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const activationId = String(ctx.step.input.activationId);
    const [activation] = await ssm.describeActivations({ activationIds: [activationId] });
    if (!activation) return 'already gone';
    if (activation.registrationsCount > 0)
      return 'kept: a host registered with it, so it can register no other';
    await ssm.deleteActivation(activationId);
    return 'deleted (nobody had used it)';
  },
};

const markHost: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { inventory } = ctx.deps.stores;
    const record = await inventory.get(ctx.plan.cluster, ctx.plan.host);
    if (!record) return 'not in the inventory';
    if (record.deregistered) return 'already marked';
    await inventory.put({ ...record, deregistered: true, status: 'deregistered' });
    return 'marked deregistered';
  },
};

function commandComment(ctx: Ctx): string {
  return `hybrid-bot change ${ctx.change.id} ${ctx.step.key} round ${ctx.step.round ?? 0}`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  try {
    const parsed = JSON.parse(last) as { error?: string; msg?: string };
    return parsed.error ?? parsed.msg ?? last;
  } catch {
    return last.slice(0, 300);
  }
}

function leftAfterAbort(_change: unknown, plan: DeregistrationPlan, steps: readonly StepRecord[]): string {
  const done = (key: string) => steps.some((s) => s.key === key && s.state === 'done');
  if (plan.nodeName && done('cordon') && !done('delete-node')) {
    return `Node \`${plan.nodeName}\` stays cordoned: \`kubectl uncordon ${plan.nodeName}\` if it should take work again.`;
  }
  return '';
}

/** Host deregistration as a change: its planner and the executors of its steps. */
export const deregistrationFeature: ChangeFeature<DeregistrationPlan> = {
  planner: deregistrationPlanner,
  executors: {
    [DEREGISTRATION_STEPS.cordon]: cordon,
    [DEREGISTRATION_STEPS.drain]: drain,
    [DEREGISTRATION_STEPS.uninstall]: uninstall,
    [DEREGISTRATION_STEPS.awaitUninstall]: awaitUninstall,
    [DEREGISTRATION_STEPS.deleteNode]: deleteNode,
    [DEREGISTRATION_STEPS.deregisterInstance]: deregisterInstance,
    [DEREGISTRATION_STEPS.deleteActivation]: deleteActivation,
    [DEREGISTRATION_STEPS.markHost]: markHost,
  },
  leftAfterAbort,
};
