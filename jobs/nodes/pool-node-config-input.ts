import type { hostInstructionsMessage } from '../../src/blocks/pools/host-instructions-message';
import { nodeConfigYaml } from '../../src/domain/node-config';
import type { PoolNodeConfigInput } from '../../src/domain/pools/pool-node-config';
import { renderProfileNodeConfig } from '../../src/domain/profiles';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { poolHostLabels } from './pool-host-labels';

/** What a host's node runs with in its pool: a stored profile version, the pool's labels and taints, its site. */
export interface PoolNodeSettings {
  cluster: string;
  profile: { name: string; version: string };
  pool: { name: string; labels: Record<string, string> };
  taints: string[];
  host: string;
  site?: string | undefined;
}

/**
 * What a joining, upgrading or reconfigured node's NodeConfig is rendered from. A profile version
 * deleted since the plan stops the step, saying what to do (`whenGone`, e.g. ': abort').
 */
export async function poolNodeConfigInput(
  ctx: StepContext<unknown>,
  s: PoolNodeSettings,
  whenGone: string,
): Promise<PoolNodeConfigInput> {
  const stored = await ctx.deps.stores.profiles.get(s.profile.name, s.profile.version);
  if (!stored)
    throw new BotError(
      ErrorCode.NotFound,
      `Profile ${s.profile.name}@${s.profile.version} is gone${whenGone}.`,
    );
  const cluster = clusterConfig(ctx.deps, s.cluster);
  return {
    cluster: { name: cluster.name, region: cluster.region },
    profile: stored.profile,
    labels: await poolHostLabels(ctx.deps.stores, s.cluster, s.pool, s.host, s.site),
    taints: s.taints,
  };
}

/**
 * The whole NodeConfig a person writes on an IAM Roles Anywhere host (no secret in it: the host's
 * certificate is the credential), as YAML.
 */
export function iamRaNodeConfigYaml(
  ctx: StepContext<unknown>,
  cluster: string,
  input: PoolNodeConfigInput,
  nodeName: string,
): string {
  const ra = clusterConfig(ctx.deps, cluster).iamRolesAnywhere;
  if (!ra) throw new BotError(ErrorCode.Validation, `Cluster ${cluster} has no iamRolesAnywhere settings.`);
  return nodeConfigYaml(
    renderProfileNodeConfig({ ...input, credential: { kind: 'iam-ra', nodeName, ...ra } }),
  );
}

/** Sends the requester what to do at a host, privately, once per step and Retry (keyed by `prefix`). */
export async function tellRequester(
  ctx: StepContext<unknown>,
  prefix: string,
  message: ReturnType<typeof hostInstructionsMessage>,
): Promise<void> {
  await ctx.deps.outbox.send(
    { kind: 'post', channel: ctx.change.requester, ...message },
    {
      jobId: `${prefix}-${ctx.change.id}-${ctx.step.key}-${ctx.step.round ?? 0}`.replace(/[^\w.-]/g, '_'),
    },
  );
}
