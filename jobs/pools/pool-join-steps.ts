import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { HOST_FILES } from '../../src/domain/hosts/host-files';
import { nodeConfigYaml } from '../../src/domain/node-config';
import { POOL_STEPS, type PoolCreatePlan, poolCreatePlanner } from '../../src/domain/pools/pool-create-plan';
import { iamRaJoinCommands } from '../../src/domain/pools/pool-host-instructions';
import {
  poolInitCommand,
  poolNodeConfigPart,
  writePoolNodeConfigCommands,
} from '../../src/domain/pools/pool-node-config';
import { missingTaints, taintFromText, withTaints } from '../../src/domain/pools/pool-taints';
import { renderProfileNodeConfig } from '../../src/domain/profiles';
import { BotError, ErrorCode } from '../../src/errors';
import type { ChangeFeature, StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { nodeadmError, runOnHostOnce, waitAgain } from '../nodes/host-run';
import { placeCoreDns } from './coredns-step';
import { releaseUnjoined } from './pool-create-abort';
import { poolHostLabels } from './pool-host-labels';
import { recordPoolNode } from './pool-node-record';

type Ctx = StepContext<PoolCreatePlan>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
const hostOf = (ctx: Ctx) => String(ctx.step.input.host);
const instanceOf = (ctx: Ctx) => String(ctx.step.input.managedInstanceId);
/** An adopted node keeps its name; a joining SSM host's is its managed instance, an IAM Roles Anywhere host's its own. */
const nodeNameOf = (ctx: Ctx) => {
  if (ctx.step.input.nodeName) return String(ctx.step.input.nodeName);
  return ctx.step.input.managedInstanceId ? instanceOf(ctx) : hostOf(ctx);
};

/** The labels this host's node carries: the pool's and its host's site (the plan's, what the approver saw). */
function nodeLabelsOf(ctx: Ctx): Promise<Record<string, string>> {
  const site = ctx.plan.hosts.find((h) => h.name === hostOf(ctx))?.site;
  const pool = { name: ctx.plan.pool, labels: ctx.plan.labels };
  return poolHostLabels(ctx.deps.stores, ctx.plan.cluster, pool, hostOf(ctx), site);
}

/** The host joins the pool's membership before anything runs on it; a host in another pool stops here. */
const claim: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    const { plan } = ctx;
    const { pools, profiles } = ctx.deps.stores;
    await pools.create({
      cluster: plan.cluster,
      name: plan.pool,
      profile: { name: plan.profile.name, version: plan.profile.version },
      arch: plan.arch,
      labels: plan.labels,
      taints: plan.taints,
      maxParallel: plan.maxParallel,
      createdBy: ctx.change.requester,
      createdAt: ctx.deps.clock.now(),
    });
    await profiles.markUsed(plan.profile.name, plan.profile.version, `${plan.cluster}/${plan.pool}`);
    const result = await pools.addMember(plan.cluster, plan.pool, hostOf(ctx));
    if (result.outcome === 'taken') {
      throw new BotError(
        ErrorCode.Conflict,
        `Host ${hostOf(ctx)} went into pool ${result.pool} after this change was planned: skip this host, or abort.`,
      );
    }
    if (result.outcome === 'no-pool')
      throw new BotError(ErrorCode.Unavailable, `pool ${plan.pool} is being written`);
    return result.outcome === 'added' ? `in pool ${plan.pool}` : `already in pool ${plan.pool}`;
  },
};

/** A node that exists already (a worker died after init) needs no install or init again. */
async function joined(ctx: Ctx): Promise<boolean> {
  return (await clients(ctx).kube.getNode(nodeNameOf(ctx))) !== undefined;
}

function failed(ctx: Ctx, what: string, result: { stdout: string; stderr: string; status: string }): never {
  const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-8).join('\n').slice(-1500);
  throw new BotError(
    ErrorCode.Conflict,
    `\`${what}\` failed on ${hostOf(ctx)}: ${nodeadmError(result)}. Fix the host, then retry the step.` +
      (tail ? `\n\`\`\`\n${tail}\n\`\`\`` : ''),
  );
}

const install: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    if (await joined(ctx)) return 'the node has joined already';
    const { kubernetesVersion, containerdSource } = ctx.plan.profile;
    const command = `nodeadm install ${kubernetesVersion} -p ssm -s ${containerdSource}`;
    const result = await runOnHostOnce(ctx, instanceOf(ctx), ['set -e', command], {
      what: command,
      limitMinutes: ctx.deps.config.pools.installMinutes,
      timeoutSeconds: ctx.deps.config.pools.installMinutes * 60,
    });
    if (result.status !== 'Success') failed(ctx, command, result);
    return `Kubernetes ${kubernetesVersion} components installed`;
  },
};

const writeConfig: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    if (await joined(ctx)) return 'the node has joined already';
    const { plan } = ctx;
    const stored = await ctx.deps.stores.profiles.get(plan.profile.name, plan.profile.version);
    if (!stored) {
      throw new BotError(
        ErrorCode.NotFound,
        `Profile ${plan.profile.name}@${plan.profile.version} is gone: abort, and plan the pool again.`,
      );
    }
    const cluster = clusterConfig(ctx.deps, plan.cluster);
    const part = poolNodeConfigPart({
      cluster: { name: cluster.name, region: cluster.region },
      profile: stored.profile,
      labels: await nodeLabelsOf(ctx),
      taints: plan.taints,
    });
    const result = await runOnHostOnce(ctx, instanceOf(ctx), writePoolNodeConfigCommands(part), {
      what: 'writing the NodeConfig',
      limitMinutes: 5,
      timeoutSeconds: 120,
    });
    if (result.status !== 'Success') {
      const missing = /No such file/.test(result.stderr) && result.stderr.includes(HOST_FILES.credentials);
      if (missing) {
        throw new BotError(
          ErrorCode.Conflict,
          `${hostOf(ctx)} has no ${HOST_FILES.credentials}: it was not registered with this bot's bootstrap. On the host, run again the part of the bootstrap you were sent that writes that file (its activation fields are what nodeadm validates), then retry the step; or abort, take the host out with \`/hybrid pool remove\`, deregister it and register it again.`,
        );
      }
      failed(ctx, 'writing the NodeConfig', result);
    }
    return `${HOST_FILES.nodeConfig} written (labels, site and taints as kubelet flags)`;
  },
};

const init: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    if (await joined(ctx)) return 'the node has joined already';
    const command = poolInitCommand();
    const result = await runOnHostOnce(ctx, instanceOf(ctx), ['set -e', command], {
      what: 'nodeadm init',
      limitMinutes: ctx.deps.config.pools.joinMinutes,
      timeoutSeconds: ctx.deps.config.pools.joinMinutes * 60,
    });
    if (result.status !== 'Success') failed(ctx, 'nodeadm init', result);
    return 'nodeadm init done';
  },
};

const awaitNode: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    const name = nodeNameOf(ctx);
    const node = await clients(ctx).kube.getNode(name);
    if (node?.ready) return `node ${name} Ready (kubelet ${node.kubeletVersion})`;
    const progress = node ? `node ${name} registered, not Ready yet` : `waiting for node ${name} to register`;
    return waitAgain(
      ctx,
      progress,
      ctx.deps.config.pools.joinMinutes,
      `Node ${name} of ${hostOf(ctx)} is not Ready`,
    );
  },
};

/** kubelet sets labels and taints only when a node first registers: whatever is missing is patched. */
const ensureLabels: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const name = nodeNameOf(ctx);
    const node = await kube.getNode(name);
    if (!node) throw new BotError(ErrorCode.Conflict, `Node ${name} of ${hostOf(ctx)} is gone.`);
    const wanted = await nodeLabelsOf(ctx);
    const wrong = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => node.labels[k] !== v));
    const taints = ctx.plan.taints.map(taintFromText);
    const lacking = missingTaints(taints, node.taints);
    if (Object.keys(wrong).length > 0) await kube.patchNodeLabels(name, wrong);
    if (lacking.length > 0) await kube.setNodeTaints(name, withTaints(node.taints, taints));
    await recordPoolNode(
      ctx.deps,
      kube,
      { cluster: ctx.plan.cluster, pool: ctx.plan.pool, host: hostOf(ctx), node },
      `joined by change ${ctx.change.id}`,
    );
    const fixed = Object.keys(wrong).length + lacking.length;
    return fixed === 0 ? 'labels and taints in place' : `${fixed} label(s)/taint(s) patched`;
  },
};

/** How long an IAM Roles Anywhere host may take to be joined by hand before the change pauses. */
const HAND_JOIN_MINUTES = 24 * 60;

/**
 * IAM Roles Anywhere: the requester gets the commands privately (once per step and Retry) with a
 * Done button; the step looks for the node meanwhile, and Done only makes it look now.
 */
const instruct: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    const { plan } = ctx;
    const name = nodeNameOf(ctx);
    const node = await clients(ctx).kube.getNode(name);
    if (node) return `node ${name} joined (kubelet ${node.kubeletVersion})`;
    const cluster = clusterConfig(ctx.deps, plan.cluster);
    const ra = cluster.iamRolesAnywhere;
    if (!ra)
      throw new BotError(ErrorCode.Validation, `Cluster ${cluster.name} has no iamRolesAnywhere settings.`);
    const stored = await ctx.deps.stores.profiles.get(plan.profile.name, plan.profile.version);
    if (!stored)
      throw new BotError(ErrorCode.NotFound, `Profile ${plan.profile.name}@${plan.profile.version} is gone.`);
    const config = renderProfileNodeConfig({
      cluster: { name: cluster.name, region: cluster.region },
      profile: stored.profile,
      labels: await nodeLabelsOf(ctx),
      taints: plan.taints,
      credential: { kind: 'iam-ra', nodeName: name, ...ra },
    });
    const message = hostInstructionsMessage({
      changeId: ctx.change.id,
      stepKey: ctx.step.key,
      pool: plan.pool,
      cluster: plan.cluster,
      host: hostOf(ctx),
      nodeName: name,
      commands: iamRaJoinCommands({
        kubernetesVersion: plan.profile.kubernetesVersion,
        containerdSource: plan.profile.containerdSource,
        nodeConfigYaml: nodeConfigYaml(config),
      }),
    });
    await ctx.deps.outbox.send(
      { kind: 'post', channel: ctx.change.requester, ...message },
      {
        jobId: `pool-instructions-${ctx.change.id}-${ctx.step.key}-${ctx.step.round ?? 0}`.replace(
          /[^\w.-]/g,
          '_',
        ),
      },
    );
    return waitAgain(
      ctx,
      `waiting for <@${ctx.change.requester}> to join ${hostOf(ctx)} by hand and press Done`,
      HAND_JOIN_MINUTES,
      `Node ${name} of ${hostOf(ctx)} has not joined`,
    );
  },
};

/** Pool creation as a change: its planner and the executors of its steps. */
export const poolCreateFeature: ChangeFeature<PoolCreatePlan> = {
  planner: poolCreatePlanner,
  executors: {
    [POOL_STEPS.record]: claim,
    [POOL_STEPS.install]: install,
    [POOL_STEPS.writeConfig]: writeConfig,
    [POOL_STEPS.init]: init,
    [POOL_STEPS.instruct]: instruct,
    [POOL_STEPS.awaitNode]: awaitNode,
    [POOL_STEPS.ensureLabels]: ensureLabels,
    [POOL_STEPS.coredns]: placeCoreDns,
  },
  onAbort: releaseUnjoined,
};
