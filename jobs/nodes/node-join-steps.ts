import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { HOST_FILES } from '../../src/domain/hosts/host-files';
import { type NodeJoinInput, nodeJoinInputSchema } from '../../src/domain/nodes/node-step-input';
import type { PoolCreatePlan } from '../../src/domain/pools/pool-create-plan';
import { iamRaJoinCommands } from '../../src/domain/pools/pool-host-instructions';
import {
  poolInitCommand,
  poolNodeConfigPart,
  writePoolNodeConfigCommands,
} from '../../src/domain/pools/pool-node-config';
import { missingTaints, taintFromText, withTaints } from '../../src/domain/pools/pool-taints';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { nodeadmFailed, runOnHostOnce, waitAgain } from './host-run';
import { poolHostLabels } from './pool-host-labels';
import { iamRaNodeConfigYaml, poolNodeConfigInput, tellRequester } from './pool-node-config-input';
import { recordPoolNode } from './pool-node-record';
import { stepInput } from './typed-step';

/**
 * The steps that join a host to a pool's cluster, as `nodeadm` does it: install, the pool's
 * NodeConfig, init, Ready, labels and taints (or, on an IAM Roles Anywhere host, the requester
 * does it by hand). Pool create and add, a cutover's joining half and a re-image's rejoin run these.
 */
export type NodeJoinPlan = Pick<
  PoolCreatePlan,
  'cluster' | 'pool' | 'profile' | 'labels' | 'taints' | 'hosts'
>;

type Ctx = StepContext<NodeJoinPlan>;

/** A joining step's input, with the instance a re-imaged host registered as since (`rejoin`). */
interface Joining extends NodeJoinInput {
  /** The node's name: an adopted node keeps its own, an SSM host's is its managed instance, an IAM Roles Anywhere host's the host's. */
  nodeName: string;
}

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));

/** Reads the step's input once; a re-imaged host's joining steps run on the instance it registered as since. */
async function joining(ctx: Ctx): Promise<Joining> {
  const input = stepInput(ctx, nodeJoinInputSchema);
  let managedInstanceId = input.managedInstanceId;
  if (input.rejoin) {
    const record = await ctx.deps.stores.inventory.get(ctx.plan.cluster, input.host);
    if (!record?.managedInstanceId) {
      throw new BotError(
        ErrorCode.Conflict,
        `Host ${input.host} is not registered with SSM: run its new bootstrap, then Resume.`,
      );
    }
    managedInstanceId = record.managedInstanceId;
  }
  const nodeName = input.nodeName ?? managedInstanceId ?? input.host;
  return { ...input, nodeName, ...(managedInstanceId ? { managedInstanceId } : {}) };
}

const joinStep = (run: (ctx: Ctx, input: Joining) => Promise<string>): StepExecutor<NodeJoinPlan> => ({
  run: async (ctx) => run(ctx, await joining(ctx)),
});

const instanceOf = (ctx: Ctx, input: Joining) => {
  if (!input.managedInstanceId)
    throw new BotError(ErrorCode.Validation, `Step ${ctx.step.key} has no managedInstanceId.`);
  return input.managedInstanceId;
};

/** The pool's settings for this host's node: the plan's (what the approver saw), its site too. */
function settingsOf(ctx: Ctx, input: Joining) {
  const { plan } = ctx;
  return {
    cluster: plan.cluster,
    profile: plan.profile,
    pool: { name: plan.pool, labels: plan.labels },
    taints: plan.taints,
    host: input.host,
    site: plan.hosts.find((h) => h.name === input.host)?.site,
  };
}

/** A node that exists already (a worker died after init) needs no install or init again. */
async function joined(ctx: Ctx, input: Joining): Promise<boolean> {
  return (await clients(ctx).kube.getNode(input.nodeName)) !== undefined;
}

const FIX = 'Fix the host, then retry the step.';

export const installNodeadm = joinStep(async (ctx, input) => {
  if (await joined(ctx, input)) return 'the node has joined already';
  const { kubernetesVersion, containerdSource } = ctx.plan.profile;
  const command = `nodeadm install ${kubernetesVersion} -p ssm -s ${containerdSource}`;
  const result = await runOnHostOnce(ctx, instanceOf(ctx, input), ['set -e', command], {
    what: command,
    limitMinutes: ctx.deps.config.pools.installMinutes,
    timeoutSeconds: ctx.deps.config.pools.installMinutes * 60,
  });
  if (result.status !== 'Success') nodeadmFailed(input.host, command, result, FIX);
  return `Kubernetes ${kubernetesVersion} components installed`;
});

export const writeNodeConfig = joinStep(async (ctx, input) => {
  if (await joined(ctx, input)) return 'the node has joined already';
  const part = poolNodeConfigPart(
    await poolNodeConfigInput(ctx, settingsOf(ctx, input), ': abort, and plan the pool again'),
  );
  const result = await runOnHostOnce(ctx, instanceOf(ctx, input), writePoolNodeConfigCommands(part), {
    what: 'writing the NodeConfig',
    limitMinutes: 5,
    timeoutSeconds: 120,
  });
  if (result.status !== 'Success') {
    const missing = /No such file/.test(result.stderr) && result.stderr.includes(HOST_FILES.credentials);
    if (missing) {
      throw new BotError(
        ErrorCode.Conflict,
        `${input.host} has no ${HOST_FILES.credentials}: it was not registered with this bot's bootstrap. On the host, run again the part of the bootstrap you were sent that writes that file (its activation fields are what nodeadm validates), then retry the step; or abort, take the host out with \`/hybrid pool remove\`, deregister it and register it again.`,
      );
    }
    nodeadmFailed(input.host, 'writing the NodeConfig', result, FIX);
  }
  return `${HOST_FILES.nodeConfig} written (labels, site and taints as kubelet flags)`;
});

export const initNodeadm = joinStep(async (ctx, input) => {
  if (await joined(ctx, input)) return 'the node has joined already';
  const result = await runOnHostOnce(ctx, instanceOf(ctx, input), ['set -e', poolInitCommand()], {
    what: 'nodeadm init',
    limitMinutes: ctx.deps.config.pools.joinMinutes,
    timeoutSeconds: ctx.deps.config.pools.joinMinutes * 60,
  });
  if (result.status !== 'Success') nodeadmFailed(input.host, 'nodeadm init', result, FIX);
  return 'nodeadm init done';
});

export const awaitNodeReady = joinStep(async (ctx, { host, nodeName: name }) => {
  const node = await clients(ctx).kube.getNode(name);
  if (node?.ready) return `node ${name} Ready (kubelet ${node.kubeletVersion})`;
  const progress = node ? `node ${name} registered, not Ready yet` : `waiting for node ${name} to register`;
  return waitAgain(ctx, progress, ctx.deps.config.pools.joinMinutes, `Node ${name} of ${host} is not Ready`);
});

/** kubelet sets labels and taints only when a node first registers: whatever is missing is patched. */
export const ensureNodeLabels = joinStep(async (ctx, input) => {
  const { kube } = clients(ctx);
  const { host, nodeName: name } = input;
  const node = await kube.getNode(name);
  if (!node) throw new BotError(ErrorCode.Conflict, `Node ${name} of ${host} is gone.`);
  const s = settingsOf(ctx, input);
  const wanted = await poolHostLabels(ctx.deps.stores, s.cluster, s.pool, host, s.site);
  const wrong = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => node.labels[k] !== v));
  const taints = ctx.plan.taints.map(taintFromText);
  const lacking = missingTaints(taints, node.taints);
  if (Object.keys(wrong).length > 0) await kube.patchNodeLabels(name, wrong);
  if (lacking.length > 0) await kube.setNodeTaints(name, withTaints(node.taints, taints));
  await recordPoolNode(
    ctx.deps,
    kube,
    { cluster: ctx.plan.cluster, pool: ctx.plan.pool, host, node },
    `joined by change ${ctx.change.id}`,
  );
  const fixed = Object.keys(wrong).length + lacking.length;
  return fixed === 0 ? 'labels and taints in place' : `${fixed} label(s)/taint(s) patched`;
});

/** How long an IAM Roles Anywhere host may take to be joined by hand before the change pauses. */
const HAND_JOIN_MINUTES = 24 * 60;

/**
 * IAM Roles Anywhere: the requester gets the commands privately (once per step and Retry) with a
 * Done button; the step looks for the node meanwhile, and Done only makes it look now.
 */
export const joinByHand = joinStep(async (ctx, input) => {
  const { plan } = ctx;
  const { host, nodeName: name } = input;
  const node = await clients(ctx).kube.getNode(name);
  if (node) return `node ${name} joined (kubelet ${node.kubeletVersion})`;
  const config = await poolNodeConfigInput(ctx, settingsOf(ctx, input), '');
  const message = hostInstructionsMessage({
    changeId: ctx.change.id,
    stepKey: ctx.step.key,
    pool: plan.pool,
    cluster: plan.cluster,
    host,
    nodeName: name,
    commands: iamRaJoinCommands({
      kubernetesVersion: plan.profile.kubernetesVersion,
      containerdSource: plan.profile.containerdSource,
      nodeConfigYaml: iamRaNodeConfigYaml(ctx, plan.cluster, config, name),
    }),
  });
  await tellRequester(ctx, 'pool-instructions', message);
  return waitAgain(
    ctx,
    `waiting for <@${ctx.change.requester}> to join ${host} by hand and press Done`,
    HAND_JOIN_MINUTES,
    `Node ${name} of ${host} has not joined`,
  );
});

/** The action names a feature's journals give the joining steps. */
export interface JoiningActions {
  install: string;
  writeConfig: string;
  init: string;
  instruct: string;
  awaitNode: string;
  ensureLabels: string;
}

/** The joining steps' executors under a feature's action names. */
export function joiningExecutors(a: JoiningActions): Record<string, StepExecutor<NodeJoinPlan>> {
  return {
    [a.install]: installNodeadm,
    [a.writeConfig]: writeNodeConfig,
    [a.init]: initNodeadm,
    [a.instruct]: joinByHand,
    [a.awaitNode]: awaitNodeReady,
    [a.ensureLabels]: ensureNodeLabels,
  };
}
