import { parse as parseYaml } from 'yaml';
import { helmCommandComment, valuesFile } from '../../src/blocks/cni/helm-command-message';
import { awsNodeTermsExcludingHybrid, requiredAffinity } from '../../src/domain/cni/aws-node-affinity';
import { sameCiliumVersion } from '../../src/domain/cni/cilium-version';
import { type RunningCni, readRunningCni } from '../../src/domain/cni/cni-running';
import {
  CNI_STEPS,
  type CniSetPlan,
  cniSetPlanner,
  upgradeCompatibility,
} from '../../src/domain/cni/cni-set-plan';
import {
  ciliumHelmRelease,
  ciliumHelmReleaseSpec,
  ciliumOciRepository,
  HELM_RELEASE,
  OCI_REPOSITORY,
  ociSourceOf,
} from '../../src/domain/cni/flux-objects';
import { isMap, type Values } from '../../src/domain/cni/helm-values';
import { excludesHybridNodes } from '../../src/domain/node-affinity';
import { BotError, ErrorCode } from '../../src/errors';
import {
  type ChangeFeature,
  type StepContext,
  type StepExecutor,
  StepWaiting,
} from '../changes/change-feature';
import { clusterConfig } from '../cluster/cluster-info';
import { CNI_NAMESPACE, fluxReleaseState, readCniObjects } from '../cluster/read-cni';

type Ctx = StepContext<CniSetPlan>;

const clients = (ctx: Ctx) => ctx.deps.cloud.forCluster(clusterConfig(ctx.deps, ctx.plan.cluster));

/** Waits again after the configured poll, or pauses the change once it has waited `waitMinutes`. */
function waitOrGiveUp(ctx: Ctx, progress: string, givingUp: string): never {
  const { pollSeconds, waitMinutes } = ctx.deps.config.cilium;
  const waited = ctx.deps.clock.now() - (ctx.step.startedAt ?? ctx.deps.clock.now());
  if (waited >= waitMinutes * 60_000) {
    throw new BotError(ErrorCode.Conflict, `${givingUp} after ${waitMinutes} min (${progress}).`);
  }
  throw new StepWaiting(progress, pollSeconds * 1000);
}

function addonConfig(text: string): Values {
  if (text.trim() === '') return {};
  const parsed = parseYaml(text) as unknown;
  return isMap(parsed) ? parsed : {};
}

/** aws-node off hybrid nodes: through the vpc-cni add-on's configuration where EKS manages it, else a patch. */
const keepAwsNodeOff: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const { eks, kube } = clients(ctx);
    const awsNode = (await kube.listDaemonSets(CNI_NAMESPACE)).find((d) => d.name === 'aws-node');
    if (!awsNode) return 'aws-node is not there: nothing can land on hybrid nodes';
    const addon = await eks.describeAddon(ctx.plan.cluster, 'vpc-cni');
    const excluded = excludesHybridNodes(awsNode.requiredNodeSelectorTerms);
    if (addon && ['CREATING', 'UPDATING'].includes(addon.status)) {
      waitOrGiveUp(ctx, `vpc-cni add-on ${addon.status}`, 'The vpc-cni add-on did not become ACTIVE');
    }
    if (excluded) {
      const viaAddon = addon && addonConfig(addon.configurationValues).affinity !== undefined;
      return `aws-node excludes hybrid nodes${viaAddon ? ' (vpc-cni add-on configurationValues)' : ''}`;
    }
    const affinity = requiredAffinity(awsNodeTermsExcludingHybrid(awsNode.requiredNodeSelectorTerms));
    if (addon) {
      if (addon.status !== 'ACTIVE' && addon.status !== 'DEGRADED') {
        throw new BotError(
          ErrorCode.Conflict,
          `The vpc-cni add-on is ${addon.status}: fix it (aws eks describe-addon --cluster-name ${ctx.plan.cluster} --addon-name vpc-cni), then retry the step.`,
        );
      }
      const config = addonConfig(addon.configurationValues);
      const set = config.affinity as { nodeAffinity?: unknown } | undefined;
      if (JSON.stringify(set) === JSON.stringify(affinity)) {
        // EKS took the configuration and is ACTIVE, yet the DaemonSet admits hybrid nodes: someone edits it.
        throw new BotError(
          ErrorCode.Conflict,
          'The vpc-cni add-on keeps aws-node off hybrid nodes, but the DaemonSet still admits them: something else edits aws-node. Find it, then retry the step.',
        );
      }
      await eks.updateAddonConfiguration(
        ctx.plan.cluster,
        'vpc-cni',
        JSON.stringify({ ...config, affinity }),
      );
      waitOrGiveUp(ctx, 'vpc-cni add-on updating', 'The vpc-cni add-on did not become ACTIVE');
    }
    await kube.patchDaemonSet(CNI_NAMESPACE, 'aws-node', { spec: { template: { spec: { affinity } } } });
    return 'aws-node patched to exclude hybrid nodes';
  },
};

const releaseOf = (plan: CniSetPlan) => plan.fluxRelease ?? { namespace: CNI_NAMESPACE, name: 'cilium' };

/** The OCIRepository at the new tag and the HelmRelease with the full values; replacing the spec is idempotent. */
const fluxApply: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const hr = releaseOf(ctx.plan);
    const existing = await kube.getCustomObject({ ...HELM_RELEASE, ...hr });
    const source = ociSourceOf(existing?.spec as Values | undefined, hr);
    const repo = await kube.applyCustomObject(
      { ...OCI_REPOSITORY, ...source },
      ciliumOciRepository(source.namespace, source.name, ctx.plan.toVersion),
    );
    const spec = ciliumHelmReleaseSpec(existing?.spec as Values | undefined, source, ctx.plan.values);
    const release = await kube.applyCustomObject(
      { ...HELM_RELEASE, ...hr },
      ciliumHelmRelease(hr.namespace, hr.name, spec),
    );
    return `OCIRepository ${source.namespace}/${source.name} ${repo} at ${ctx.plan.toVersion}; HelmRelease ${hr.namespace}/${hr.name} ${release}`;
  },
};

/** Flux in progress waits; Ready=False for any other reason pauses the change with Flux's own words. */
const fluxReady: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const hr = releaseOf(ctx.plan);
    const object = await kube.getCustomObject({ ...HELM_RELEASE, ...hr });
    if (!object) {
      throw new BotError(
        ErrorCode.Conflict,
        `HelmRelease ${hr.namespace}/${hr.name} is gone: retry the step before it to create it again.`,
      );
    }
    const state = fluxReleaseState(hr.namespace, hr.name, object);
    const ready = state.ready;
    if (state.observed && ready?.status === 'True')
      return `Ready: ${ready.message ?? ready.reason ?? 'reconciled'}`;
    if (
      state.observed &&
      ready?.status === 'False' &&
      !['Progressing', 'DependencyNotReady'].includes(ready.reason ?? '')
    ) {
      throw new BotError(
        ErrorCode.Conflict,
        `Flux could not apply HelmRelease ${hr.namespace}/${hr.name} (${ready.reason ?? 'not ready'}): ${ready.message ?? 'no message'}. Fix the cause, then retry the step.`,
      );
    }
    waitOrGiveUp(
      ctx,
      `HelmRelease ${state.observed ? (ready?.reason ?? 'reconciling') : 'not yet reconciled'}`,
      `HelmRelease ${hr.namespace}/${hr.name} did not become Ready`,
    );
  },
};

/** The exact command and the values file, to the requester only; a repeat of the step sends nothing twice. */
const helmCommand: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const input = {
      cluster: ctx.plan.cluster,
      changeId: ctx.change.id,
      version: ctx.plan.toVersion,
      values: ctx.plan.values,
      ...(upgradeCompatibility(ctx.plan) ? { upgradeCompatibility: upgradeCompatibility(ctx.plan) } : {}),
    };
    await ctx.deps.outbox.send(
      {
        kind: 'file',
        user: ctx.change.requester,
        filename: 'values.yaml',
        title: `Cilium ${ctx.plan.toVersion} values for ${ctx.plan.cluster}`,
        content: valuesFile(input),
        comment: helmCommandComment(input),
      },
      { jobId: `cni-helm-${ctx.change.id}-${ctx.step.round ?? 0}` },
    );
    return `helm command and values.yaml sent to <@${ctx.change.requester}>`;
  },
};

function rolloutProgress(r: RunningCni, version: string): string {
  const part = (name: string, w: RunningCni['agent']) =>
    w
      ? `${name} ${w.version ?? '?'} ${w.updated}/${w.desired} updated${w.hybridOnly ? '' : ', not hybrid-only'}`
      : `${name} missing`;
  return `waiting for ${version}: ${part('agent', r.agent)} · ${part('operator', r.operator)}`;
}

/** Done once agent and operator run the new version everywhere they should, on hybrid nodes only. */
const awaitRollout: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const { kube } = clients(ctx);
    const [objects, hybridNodes] = await Promise.all([
      readCniObjects({ kube }),
      kube.listNodes('eks.amazonaws.com/compute-type=hybrid'),
    ]);
    const running = readRunningCni(objects);
    const { agent, operator } = running;
    const specified = (w: RunningCni['agent']) =>
      w !== undefined && sameCiliumVersion(w.version, ctx.plan.toVersion) && w.hybridOnly;
    if (hybridNodes.length === 0 && specified(agent) && specified(operator)) {
      // Cilium goes in before the first hybrid node joins: its pods start with that node.
      return `agent and operator set to ${ctx.plan.toVersion}, hybrid nodes only; no hybrid node yet, so their pods start when one joins`;
    }
    const at = (w: RunningCni['agent']) => specified(w) && w?.rolledOut === true;
    if (at(agent) && at(operator)) {
      return `agent ${agent?.ready}/${agent?.desired} and operator ${operator?.ready}/${operator?.desired} at ${ctx.plan.toVersion}, hybrid nodes only`;
    }
    const helm = ctx.plan.via === 'helm';
    waitOrGiveUp(
      ctx,
      rolloutProgress(running, ctx.plan.toVersion),
      helm
        ? `<@${ctx.change.requester}>, Cilium ${ctx.plan.toVersion} is not rolled out: run the helm command you were sent (or check the rollout), then retry the step`
        : `Cilium ${ctx.plan.toVersion} did not roll out`,
    );
  },
};

const recordLayer: StepExecutor<CniSetPlan> = {
  async run(ctx) {
    const store = ctx.deps.stores.cniLayers;
    const current = await store.get(ctx.plan.cluster);
    if (current?.changeId === ctx.change.id) return 'already recorded';
    await store.put(ctx.plan.cluster, {
      chartVersion: ctx.plan.toVersion,
      overrides: ctx.plan.overrides,
      setBy: ctx.change.requester,
      changeId: ctx.change.id,
      setAt: ctx.deps.clock.now(),
    });
    return `desired layer: Cilium ${ctx.plan.toVersion}`;
  },
};

/** The CNI layer as a change: its planner and the executors of its steps. */
export const cniSetFeature: ChangeFeature<CniSetPlan> = {
  planner: cniSetPlanner,
  executors: {
    [CNI_STEPS.awsNode]: keepAwsNodeOff,
    [CNI_STEPS.fluxApply]: fluxApply,
    [CNI_STEPS.fluxReady]: fluxReady,
    [CNI_STEPS.helmCommand]: helmCommand,
    [CNI_STEPS.rollout]: awaitRollout,
    [CNI_STEPS.record]: recordLayer,
  },
};
