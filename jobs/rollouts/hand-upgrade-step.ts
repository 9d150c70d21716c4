import { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import type { KubeNode } from '../../src/cloud-ports';
import { HOST_FILES } from '../../src/domain/hosts/host-files';
import type { RolloutStepInput } from '../../src/domain/nodes/node-step-input';
import { kubeletMinor } from '../../src/domain/pools/pool-drift';
import type { PoolUpgradePlan } from '../../src/domain/rollouts/pool-upgrade-plan';
import type { StepContext } from '../changes/change-feature';
import { waitAgain } from '../nodes/host-run';
import { required } from '../nodes/node-lifecycle-steps';
import { iamRaNodeConfigYaml, tellRequester } from '../nodes/pool-node-config-input';
import { rolloutNodeConfig, rolloutTarget } from './rollout-node-config';

type Ctx = StepContext<PoolUpgradePlan>;

/** A person goes to the host: the step waits this long for them before it pauses the rollout. */
const HAND_UPGRADE_MINUTES = 24 * 60;

/**
 * An IAM Roles Anywhere host is out of the bot's reach: once it is drained, the requester gets the
 * target's whole NodeConfig (no secret in it: the host's certificate is the credential) and
 * `nodeadm upgrade` privately with a Done button, once per step and Resume. The step is done when
 * kubelet reports the target; Done only makes it look now.
 */
export async function upgradeByHand(
  ctx: Ctx,
  input: RolloutStepInput,
  node: KubeNode | undefined,
): Promise<string> {
  const target = rolloutTarget(ctx.plan, input);
  const name = required(ctx, input, 'nodeName');
  const host = input.host ?? name;
  if (node && kubeletMinor(node.kubeletVersion) === target.kubernetesVersion) {
    return `upgraded to ${target.kubernetesVersion} by <@${ctx.change.requester}>`;
  }
  const config = await rolloutNodeConfig(ctx, input);
  const yaml = iamRaNodeConfigYaml(ctx, ctx.plan.cluster, config, name).trimEnd().split('\n');
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
  await tellRequester(ctx, 'rollout-by-hand', message);
  return waitAgain(
    ctx,
    `waiting for <@${ctx.change.requester}> to run nodeadm upgrade ${target.kubernetesVersion} on ${host} and press Done`,
    HAND_UPGRADE_MINUTES,
    `${name} was not upgraded to ${target.kubernetesVersion}`,
  );
}
