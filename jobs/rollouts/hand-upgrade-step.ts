import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import type { KubeNode } from '../../src/cloud-ports';
import { HOST_FILES } from '../../src/domain/hosts/host-files';
import { nodeConfigYaml } from '../../src/domain/node-config';
import { kubeletMinor } from '../../src/domain/pools/pool-drift';
import { renderProfileNodeConfig } from '../../src/domain/profiles';
import type { PoolUpgradePlan } from '../../src/domain/rollouts/pool-upgrade-plan';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { waitAgain } from '../nodes/host-run';
import { poolHostLabels } from '../pools/pool-host-labels';

type Ctx = StepContext<PoolUpgradePlan>;

/** A person goes to the host: the step waits this long for them before it pauses the rollout. */
const HAND_UPGRADE_MINUTES = 24 * 60;

/**
 * An IAM Roles Anywhere host is out of the bot's reach: once it is drained, the requester gets the
 * target's whole NodeConfig (no secret in it: the host's certificate is the credential) and
 * `nodeadm upgrade` privately with a Done button, once per step and Resume. The step is done when
 * kubelet reports the target; Done only makes it look now.
 */
export async function upgradeByHand(ctx: Ctx, node: KubeNode | undefined): Promise<string> {
  const back = ctx.step.input.back === true;
  const target = back ? ctx.plan.from : ctx.plan.to;
  const host = String(ctx.step.input.host);
  const name = String(ctx.step.input.nodeName);
  if (node && kubeletMinor(node.kubeletVersion) === target.kubernetesVersion) {
    return `upgraded to ${target.kubernetesVersion} by <@${ctx.change.requester}>`;
  }
  const cluster = clusterConfig(ctx.deps, ctx.plan.cluster);
  const ra = cluster.iamRolesAnywhere;
  if (!ra)
    throw new BotError(ErrorCode.Validation, `Cluster ${cluster.name} has no iamRolesAnywhere settings.`);
  const [stored, pool] = await Promise.all([
    ctx.deps.stores.profiles.get(target.name, target.version),
    ctx.deps.stores.pools.get(ctx.plan.cluster, ctx.plan.pool),
  ]);
  if (!stored)
    throw new BotError(ErrorCode.NotFound, `Profile ${target.name}@${target.version} is gone: abort.`);
  if (!pool) throw new BotError(ErrorCode.NotFound, `Pool ${ctx.plan.pool} is gone: abort.`);
  const config = renderProfileNodeConfig({
    cluster: { name: cluster.name, region: cluster.region },
    profile: stored.profile,
    labels: await poolHostLabels(
      ctx.deps.stores,
      ctx.plan.cluster,
      pool,
      host,
      ctx.plan.nodes.find((n) => n.host === host)?.site,
    ),
    taints: pool.taints,
    credential: { kind: 'iam-ra', nodeName: name, ...ra },
  });
  const yaml = nodeConfigYaml(config).trimEnd().split('\n');
  const message = hostInstructionsMessage({
    changeId: ctx.change.id,
    stepKey: ctx.step.key,
    pool: ctx.plan.pool,
    cluster: ctx.plan.cluster,
    host,
    nodeName: name,
    heading: `Upgrade ${host} to Kubernetes ${target.kubernetesVersion}`,
    checks: `Node \`${name}\` is cordoned and drained. When kubelet reports ${target.kubernetesVersion}, the change waits for it to be Ready and uncordons it.`,
    commands: [
      `mkdir -p ${HOST_FILES.dir}`,
      `cat > ${HOST_FILES.nodeConfig} <<'NODECONFIG_EOF'`,
      ...yaml,
      'NODECONFIG_EOF',
      `nodeadm upgrade ${target.kubernetesVersion} -c file://${HOST_FILES.nodeConfig}`,
    ],
  });
  await ctx.deps.outbox.send(
    { kind: 'post', channel: ctx.change.requester, ...message },
    {
      jobId: `rollout-by-hand-${ctx.change.id}-${ctx.step.key}-${ctx.step.round ?? 0}`.replace(
        /[^\w.-]/g,
        '_',
      ),
    },
  );
  return waitAgain(
    ctx,
    `waiting for <@${ctx.change.requester}> to run nodeadm upgrade ${target.kubernetesVersion} on ${host} and press Done`,
    HAND_UPGRADE_MINUTES,
    `${name} was not upgraded to ${target.kubernetesVersion}`,
  );
}
