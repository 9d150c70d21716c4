import { z } from 'zod';
import { nextLookMs } from '../../src/domain/changes/next-look';
import {
  COREDNS_ADDON,
  type CoreDnsStep,
  configuredReplicaCount,
  readAddonValues,
  withReplicaCount,
} from '../../src/domain/pools/coredns-placement';
import type { PoolCreatePlan } from '../../src/domain/pools/pool-create-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { type StepContext, type StepExecutor, StepWaiting } from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { stepElapsedMs } from '../nodes/host-run';
import { stepInput } from '../nodes/typed-step';
import { readCoreDnsPods, readyOn } from './coredns-facts';

type Ctx = StepContext<PoolCreatePlan>;

/** EKS applies an add-on update within a minute or two, and CoreDNS starts in seconds. */
const WAIT_MINUTES = 10;

/** The plan's CoreDNS counts, as the planner wrote them into the step. */
const coreDnsInputSchema: z.ZodType<CoreDnsStep> = z.object({
  wantedOnHybrid: z.coerce.number(),
  fromReplicas: z.coerce.number(),
  replicaCount: z.coerce.number(),
});

/** Looks again later, holding no worker; after WAIT_MINUTES the change pauses and says where to look. */
function waitOrPause(ctx: Ctx, progress: string): never {
  const waited = stepElapsedMs(ctx);
  if (waited >= WAIT_MINUTES * 60_000) {
    throw new BotError(
      ErrorCode.Timeout,
      `CoreDNS replicas did not reach hybrid nodes in ${WAIT_MINUTES} min (${progress}). See where they are with \`kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide\` (a Pending pod's events say what holds it), then retry the step, or skip it: the nodes have joined.`,
      { retryable: false },
    );
  }
  throw new StepWaiting(progress, nextLookMs(waited, ctx.deps.config.pools));
}

/**
 * Raises the coredns add-on's replicaCount so that replicas run on the new hybrid nodes. It looks
 * first: replicas already there end it; a replicaCount already raised (an earlier try got through
 * before its worker died) or an add-on still updating only waits; UpdateAddon is sent otherwise.
 */
export const placeCoreDns: StepExecutor<PoolCreatePlan> = {
  async run(ctx) {
    const { wantedOnHybrid, fromReplicas, replicaCount } = stepInput(ctx, coreDnsInputSchema);
    const cluster = ctx.plan.cluster;
    const { eks, kube } = ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, cluster));
    const { hybridNodes, pods } = await readCoreDnsPods(kube);
    const ready = readyOn(pods, new Set(hybridNodes.map((n) => n.name)));
    if (ready.length >= wantedOnHybrid) {
      const nodes = [...new Set(ready.map((p) => p.nodeName))].join(', ');
      return `${ready.length} CoreDNS replica${ready.length === 1 ? '' : 's'} Running and Ready on hybrid nodes (${nodes})`;
    }
    const where = `${ready.length} of ${wantedOnHybrid} CoreDNS replicas Running and Ready on hybrid nodes`;
    const addon = await eks.describeAddon(cluster, COREDNS_ADDON);
    if (!addon) {
      throw new BotError(
        ErrorCode.Conflict,
        `The coredns add-on is gone from ${cluster}: skip this step and scale the coredns Deployment yourself, or abort.`,
      );
    }
    if (addon.status === 'CREATING' || addon.status === 'UPDATING') {
      waitOrPause(ctx, `coredns add-on ${addon.status}; ${where}`);
    }
    const values = readAddonValues(addon.configurationValues);
    if (!values) {
      throw new BotError(
        ErrorCode.Conflict,
        `The coredns add-on's configurationValues are no longer a JSON or YAML map: fix them (aws eks describe-addon --cluster-name ${cluster} --addon-name coredns), then retry the step; or skip it.`,
      );
    }
    const configured = configuredReplicaCount(values);
    if (configured !== undefined && configured >= replicaCount) {
      waitOrPause(ctx, `replicaCount ${configured} set; ${where}`);
    }
    if (addon.status !== 'ACTIVE' && addon.status !== 'DEGRADED') {
      throw new BotError(
        ErrorCode.Conflict,
        `The coredns add-on is ${addon.status}: fix it (aws eks describe-addon --cluster-name ${cluster} --addon-name coredns), then retry the step; or skip it.`,
      );
    }
    const sent = await eks.updateAddonConfiguration(
      cluster,
      COREDNS_ADDON,
      withReplicaCount(values, replicaCount),
    );
    waitOrPause(
      ctx,
      sent === 'busy'
        ? `coredns add-on busy with another update: replicaCount ${replicaCount} is sent once it is ACTIVE; ${where}`
        : `replicaCount ${configured ?? fromReplicas} → ${replicaCount} sent (UpdateAddon); ${where}`,
    );
  },
};
