import { reimageInstructionsMessage } from '../../src/blocks/pools/reimage-instructions-message';
import type { HostRecord } from '../../src/domain/host-status';
import { rolloutStepInputSchema } from '../../src/domain/nodes/node-step-input';
import type { PoolUpgradePlan } from '../../src/domain/rollouts/pool-upgrade-plan';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext, StepExecutor } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { registerOne } from '../hosts/register-one';
import { waitAgain } from '../nodes/host-run';
import { typedStep } from '../nodes/typed-step';

type Ctx = StepContext<PoolUpgradePlan>;

/** Re-imaging takes a person to the host: the step waits this long before it pauses the rollout. */
const REIMAGE_MINUTES = 24 * 60;

/** The instance the host registered as after its re-image: SSM-registered again, under a new ID. */
async function registeredAgain(
  ctx: Ctx,
  record: HostRecord | undefined,
  before: string | undefined,
): Promise<string | undefined> {
  const id = record?.managedInstanceId;
  if (!id || id === before) return undefined;
  const { ssm } = ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));
  const [instance] = await ssm.describeInstances({ instanceIds: [id] });
  return instance?.pingStatus === 'Online' ? id : undefined;
}

/**
 * The host left the cluster; the requester re-images it. Once per step (and Retry) they get,
 * privately, a fresh activation's bootstrap (registerOne, keyed, as `host reissue` sends it) and
 * the instructions with Done. The step goes on once SSM lists the host again, Online.
 */
export const reimageStep: StepExecutor<PoolUpgradePlan> = typedStep(
  rolloutStepInputSchema,
  async (ctx, input) => {
    const { plan, change } = ctx;
    if (!input.host) throw new BotError(ErrorCode.Validation, `Step ${ctx.step.key} has no host.`);
    const host = input.host;
    const record = await ctx.deps.stores.inventory.get(plan.cluster, host);
    const again = await registeredAgain(ctx, record, input.managedInstanceId);
    if (again) return `re-imaged and registered again as ${again}`;
    if (!record)
      throw new BotError(
        ErrorCode.NotFound,
        `Host ${host} is no longer in the inventory: skip it, or abort.`,
      );
    const round = ctx.step.round ?? 0;
    const key = `reimage-${change.id}-${host}-r${round}`;
    await registerOne(
      ctx.deps,
      {
        name: host,
        cluster: plan.cluster,
        site: record.site,
        ip: record.ip ?? '',
        arch: record.arch ?? plan.reimage?.arch ?? 'amd64',
        auth: 'ssm',
        kubernetesVersion: plan.to.kubernetesVersion,
        rejoinsPool: plan.pool,
      },
      { user: change.requester },
      key,
    );
    const stored = await ctx.deps.stores.profiles.get(plan.to.name, plan.to.version);
    await ctx.deps.outbox.send(
      {
        kind: 'post',
        channel: change.requester,
        ...reimageInstructionsMessage({
          changeId: change.id,
          stepKey: ctx.step.key,
          pool: plan.pool,
          cluster: plan.cluster,
          host,
          ...(record.ip ? { ip: record.ip } : {}),
          ...(plan.reimage?.image ? { image: plan.reimage.image } : {}),
          oses: stored?.profile.spec.os.supported ?? [],
          profile: `${plan.to.name}@${plan.to.version}`,
        }),
      },
      { jobId: `${key}-instructions`.replace(/[^\w.-]/g, '_') },
    );
    return waitAgain(
      ctx,
      `waiting for <@${change.requester}> to re-image ${host}, run its new bootstrap and press Done`,
      REIMAGE_MINUTES,
      `Host ${host} has not registered again`,
    );
  },
);
