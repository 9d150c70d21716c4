import { cniShowMessage } from '../../src/blocks/cni/cni-show-message';
import { ciliumKernelGate } from '../../src/domain/cni/cilium-kernel-gate';
import { resolveCiliumVersion } from '../../src/domain/cni/cilium-version';
import { cniDrift, desiredValues } from '../../src/domain/cni/cni-drift';
import { type CniSetPlan, planCniSet } from '../../src/domain/cni/cni-set-plan';
import { decideCniSet } from '../../src/domain/cni/cni-set-rules';
import { mergeValues, type Values } from '../../src/domain/cni/helm-values';
import { runningValues } from '../../src/domain/cni/running-values';
import { parseSetValues } from '../../src/domain/cni/set-values';
import { parseValuesFile, slackFileId } from '../../src/domain/cni/values-file';
import { ciliumNeedsNewKernel } from '../../src/domain/host-facts/host-fact-rules';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { clusterConfig } from '../cluster/cluster-info';
import { readCniState } from '../cluster/read-cni';
import { proposeCommandChange } from '../command-change';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { hybridNodeKernels } from './node-kernels';

/** `/hybrid cni show <cluster>` */
export const cniShow: CommandProcessor<'cni show'> = async (job, deps) => {
  const cluster = clusterConfig(deps, job.data.positionals.cluster ?? '');
  const [state, desired] = await Promise.all([
    readCniState(deps, cluster),
    deps.stores.cniLayers.get(cluster.name),
  ]);
  const pods = state.described.remotePodNetworks;
  const drift = cniDrift(state.running, {
    ...(desired ? { chartVersion: desired.chartVersion } : {}),
    values: desiredValues(pods, desired),
  });
  await deps.outbox.send(
    replyTo(
      job.data.request,
      cniShowMessage({
        cluster: cluster.name,
        running: state.running,
        remotePodNetworks: pods,
        ...(desired ? { desired } : {}),
        drift,
      }),
    ),
    { jobId: `reply-${job.id}` },
  );
  return { installed: state.running.installed, drift: drift.map((d) => d.what) };
};

/** `/hybrid cni set <cluster> --cilium <version> [--set k=v,…]`: checks every rule, then asks an approver. */
export const cniSet: CommandProcessor<'cni set'> = async (job, deps) => {
  const cluster = clusterConfig(deps, job.data.positionals.cluster ?? '');
  const typed = job.data.options.cilium;
  if (typeof typed !== 'string' || typed === '') {
    throw new BotError(
      ErrorCode.Validation,
      `Say which Cilium: \`/hybrid cni set ${cluster.name} --cilium ${deps.config.cilium.versions.at(-1)}\` (supported: ${deps.config.cilium.versions.join(', ')}).`,
    );
  }
  const resolved = resolveCiliumVersion(typed, deps.config.cilium.versions);
  const version = resolved.version;
  const set = job.data.options.set;
  const parsed = typeof set === 'string' ? parseSetValues(set) : { ok: true as const, values: {} };
  if (!parsed.ok) throw new BotError(ErrorCode.Validation, `--set: ${parsed.problem} Nothing was changed.`);
  const fromFile = await valuesFile(deps, job.data.options['values-file']);
  const previous = await deps.stores.cniLayers.get(cluster.name);
  // The team's overrides carry over from the recorded layer; as with helm, the file applies over
  // them and --set over the file (null removes one).
  const overrides = mergeValues(mergeValues(previous?.overrides ?? {}, fromFile), parsed.values);
  const state = await readCniState(deps, cluster);
  const pods = state.described.remotePodNetworks;
  const decision = decideCniSet({
    cluster: cluster.name,
    toVersion: version,
    overrides,
    supportedVersions: deps.config.cilium.versions,
    kubernetesSupport: deps.config.cilium.kubernetesVersions,
    kubernetesInUse: state.kubernetesInUse,
    remotePodNetworks: pods,
    running: state.running,
  });
  const kernels = ciliumKernelGate(
    { cluster: cluster.name, toVersion: version, versions: deps.config.cilium.versions },
    ciliumNeedsNewKernel(version) ? await hybridNodeKernels(deps, cluster) : [],
  );
  if (!decision.ok || kernels.refusal) {
    const refusals = [
      ...(decision.ok ? [] : decision.refusals),
      ...(kernels.refusal ? [kernels.refusal] : []),
    ];
    const lines = refusals.map((r) => `• ${r.reason} ${r.fix}`);
    throw new BotError(
      ErrorCode.Validation,
      `Cilium ${typed} on ${cluster.name} is refused; nothing was changed:\n${lines.join('\n')}`,
    );
  }
  const addon = await deps.cloud.forCluster(cluster).eks.describeAddon(cluster.name, 'vpc-cni');
  const owner = state.running.owner;
  const plan: CniSetPlan = {
    cluster: cluster.name,
    ...(decision.fromVersion ? { fromVersion: decision.fromVersion } : {}),
    toVersion: version,
    ...(resolved.from ? { requestedVersion: resolved.from } : {}),
    overrides,
    values: decision.values,
    // What runs now, where the cluster shows it, over what was recorded: the diff is what the change moves.
    previousValues: mergeValues(desiredValues(pods, previous), runningValues(state.objects)),
    minorUpgrade: decision.minorUpgrade,
    ...(kernels.unknown.length > 0 ? { kernelUnknown: kernels.unknown } : {}),
    awsNode: addon ? 'addon' : 'daemonset',
    via: state.running.fluxInstalled ? 'flux' : 'helm',
    ...(state.running.fluxInstalled
      ? {
          fluxRelease:
            owner.kind === 'flux'
              ? { namespace: owner.namespace, name: owner.name }
              : { namespace: 'kube-system', name: 'cilium' },
        }
      : {}),
  };
  return proposeCommandChange(deps, job.data.request, cluster, planCniSet(plan));
};

/** `--values-file`: a YAML file shared in Slack, named by its link or ID. */
async function valuesFile(deps: CommandDeps, ref: string | boolean | undefined): Promise<Values> {
  if (ref === undefined || ref === false) return {};
  const id = typeof ref === 'string' ? slackFileId(ref) : undefined;
  if (!id) {
    throw new BotError(
      ErrorCode.Validation,
      '--values-file takes a file shared in Slack: its link (the file\'s "Copy link") or its ID (F…). Nothing was changed.',
    );
  }
  const file = await deps.slack.fileById(id);
  const parsed = parseValuesFile(file.name, file.text);
  if (!parsed.ok)
    throw new BotError(ErrorCode.Validation, `--values-file: ${parsed.problem} Nothing was changed.`);
  return parsed.values;
}
