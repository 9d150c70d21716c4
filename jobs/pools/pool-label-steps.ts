import { POOL_LABEL } from '../../src/domain/bot-labels';
import { nodeStepInputSchema } from '../../src/domain/nodes/node-step-input';
import {
  POOL_LABEL_STEPS,
  type PoolLabelPlan,
  poolLabelPlanner,
} from '../../src/domain/pools/pool-label-plan';
import { taintIdentity } from '../../src/domain/pools/pool-metadata';
import { poolNodeConfigPart, writePoolNodeConfigCommands } from '../../src/domain/pools/pool-node-config';
import { taintFromText } from '../../src/domain/pools/pool-taints';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature, StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { nodeadmError, runOnHostOnce } from '../nodes/host-run';
import { required } from '../nodes/node-lifecycle-steps';
import { poolNodeConfigInput } from '../nodes/pool-node-config-input';
import { recordPoolNode } from '../nodes/pool-node-record';
import { typedStep } from '../nodes/typed-step';

type Ctx = StepContext<PoolLabelPlan>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));

const record: StepExecutor<PoolLabelPlan> = {
  async run(ctx) {
    const { cluster, pool, to } = ctx.plan;
    if (!(await ctx.deps.stores.pools.setMetadata(cluster, pool, to))) {
      throw new BotError(ErrorCode.NotFound, `Pool ${pool} is gone: abort this change.`);
    }
    return 'recorded';
  },
};

/** Sets the new labels, removes the dropped ones, swaps the taints; what is already right is left alone. */
const patch: StepExecutor<PoolLabelPlan> = typedStep(nodeStepInputSchema, async (ctx: Ctx, input) => {
  const { kube } = clients(ctx);
  const name = required(ctx, input, 'nodeName');
  const node = await kube.getNode(name);
  if (!node) return 'the node is gone (drift will show it)';
  const { from, to } = ctx.plan;
  const labels: Record<string, string | null> = { [POOL_LABEL]: ctx.plan.pool };
  for (const [k, v] of Object.entries(to.labels)) labels[k] = v;
  for (const k of Object.keys(from.labels)) if (!(k in to.labels)) labels[k] = null;
  const changes = Object.entries(labels).filter(([k, v]) =>
    v === null ? k in node.labels : node.labels[k] !== v,
  );
  if (changes.length > 0) await kube.patchNodeLabels(name, Object.fromEntries(changes));
  const dropped = new Set(from.taints.map(taintIdentity));
  const wanted = to.taints.map(taintFromText);
  const kept = node.taints.filter(
    (t) =>
      !dropped.has(`${t.key}:${t.effect}`) && !wanted.some((w) => w.key === t.key && w.effect === t.effect),
  );
  const next = [...kept, ...wanted];
  const same =
    next.length === node.taints.length &&
    next.every((t) =>
      node.taints.some(
        (n) => n.key === t.key && n.effect === t.effect && (n.value ?? '') === (t.value ?? ''),
      ),
    );
  if (!same) await kube.setNodeTaints(name, next);
  await recordPoolNode(
    ctx.deps,
    kube,
    { cluster: ctx.plan.cluster, pool: ctx.plan.pool, host: input.host ?? name, node },
    `labels and taints set by change ${ctx.change.id}`,
  );
  return changes.length === 0 && same ? 'already as wanted' : 'patched';
});

const rewrite: StepExecutor<PoolLabelPlan> = typedStep(nodeStepInputSchema, async (ctx: Ctx, input) => {
  const { cluster: clusterName, pool: poolName, to } = ctx.plan;
  const pool = await ctx.deps.stores.pools.get(clusterName, poolName);
  if (!pool) throw new BotError(ErrorCode.NotFound, `Pool ${poolName} is gone: abort this change.`);
  const host = input.host ?? '';
  const settings = {
    cluster: clusterName,
    profile: pool.profile,
    pool: { name: poolName, labels: to.labels },
    taints: to.taints,
    host,
    site: ctx.plan.hosts.find((h) => h.name === host)?.site,
  };
  const part = poolNodeConfigPart(await poolNodeConfigInput(ctx, settings, ''));
  const result = await runOnHostOnce(
    ctx,
    required(ctx, input, 'managedInstanceId'),
    writePoolNodeConfigCommands(part),
    {
      what: 'rewriting the NodeConfig',
      limitMinutes: 5,
      timeoutSeconds: 120,
    },
  );
  if (result.status !== 'Success') {
    throw new BotError(
      ErrorCode.Conflict,
      `Rewriting the NodeConfig on ${host} failed: ${nodeadmError(result)}. Retry, or skip: the running node already carries its labels.`,
    );
  }
  return 'NodeConfig rewritten for future joins';
});

/** Relabelling a pool as a change. */
export const poolLabelFeature: ChangeFeature<PoolLabelPlan> = {
  planner: poolLabelPlanner,
  executors: {
    [POOL_LABEL_STEPS.record]: record,
    [POOL_LABEL_STEPS.patch]: patch,
    [POOL_LABEL_STEPS.rewrite]: rewrite,
  },
};
