import { z } from 'zod';
import type { StepRecord } from '../../src/domain/changes/journal';
import {
  DEREGISTRATION_STEPS,
  type DeregistrationPlan,
  deregistrationPlanner,
} from '../../src/domain/hosts/deregistration-plan';
import type { ChangeFeature, StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { leavingExecutors } from '../nodes/node-lifecycle-steps';

type Ctx = StepContext<DeregistrationPlan>;

const instanceInput = z.object({ managedInstanceId: z.string().min(1) });
const activationInput = z.object({ activationId: z.string().min(1) });

function clients(ctx: Ctx) {
  return ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
}

const deregisterInstance: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const instanceId = instanceInput.parse(ctx.step.input).managedInstanceId;
    const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
    if (!instance) return 'already deregistered';
    await ssm.deregisterManagedInstance(instanceId);
    return 'deregistered';
  },
};

const deleteActivation: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { ssm } = clients(ctx);
    const { activationId } = activationInput.parse(ctx.step.input);
    const [activation] = await ssm.describeActivations({ activationIds: [activationId] });
    if (!activation) return 'already gone';
    if (activation.registrationsCount > 0)
      return 'kept: a host registered with it, so it can register no other';
    await ssm.deleteActivation(activationId);
    return 'deleted (nobody had used it)';
  },
};

/** The host leaves its pool (if any) as it leaves the inventory: the pool keeps only hosts that run. */
const markHost: StepExecutor<DeregistrationPlan> = {
  async run(ctx) {
    const { inventory, pools } = ctx.deps.stores;
    const { cluster, host } = ctx.plan;
    const pool = await pools.poolOf(cluster, host);
    if (pool) await pools.removeMember(cluster, pool, host);
    const left = pool ? `out of pool ${pool}; ` : '';
    const record = await inventory.get(cluster, host);
    if (!record) return `${left}not in the inventory`;
    if (record.deregistered) return `${left}already marked`;
    await inventory.put({ ...record, deregistered: true, status: 'deregistered' });
    return `${left}marked deregistered`;
  },
};

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
    ...leavingExecutors(DEREGISTRATION_STEPS),
    [DEREGISTRATION_STEPS.deregisterInstance]: deregisterInstance,
    [DEREGISTRATION_STEPS.deleteActivation]: deleteActivation,
    [DEREGISTRATION_STEPS.markHost]: markHost,
  },
  leftAfterAbort,
};
