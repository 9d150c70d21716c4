import type { NodeSelectorTerm } from '../facts';
import { confinedToHybridNodes } from '../node-affinity';
import { renderCiliumValues } from './cilium-values';
import { ciliumMinor, compareCiliumVersions, minorDistance, parseCiliumVersion } from './cilium-version';
import { type RunningCni, sameCidrs } from './cni-running';
import { type Values, valueAt } from './helm-values';

/** Why a CNI change is refused, and what to do instead. */
export interface Refusal {
  reason: string;
  fix: string;
}

export interface CniSetRequest {
  cluster: string;
  toVersion: string;
  overrides: Values;
  /** `cilium.versions` from the configuration. */
  supportedVersions: readonly string[];
  /** Cilium minor → the Kubernetes minors it supports (`cilium.kubernetesVersions`). */
  kubernetesSupport: Readonly<Record<string, readonly string[]>>;
  /** The control plane's and every node's Kubernetes minor. */
  kubernetesInUse: readonly string[];
  remotePodNetworks: readonly string[];
  running: RunningCni;
}

export type CniSetDecision =
  | { ok: true; values: Values; fromVersion?: string; minorUpgrade: boolean }
  | { ok: false; refusals: Refusal[] };

const list = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');

const terms = (values: Values, path: string) =>
  valueAt(values, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`) as
    | NodeSelectorTerm[]
    | undefined;

/** Every rule a CNI change must pass before anyone is asked to approve it; all refusals at once. */
export function decideCniSet(r: CniSetRequest): CniSetDecision {
  const refusals: Refusal[] = [];
  const to = parseCiliumVersion(r.toVersion);
  if (!to || !r.supportedVersions.includes(r.toVersion)) {
    refusals.push({
      reason: `Cilium \`${r.toVersion}\` is not a supported version of AWS's chart.`,
      fix: `Use one of ${list(r.supportedVersions)}, or add the tag to \`cilium.versions\` in the bot's configuration.`,
    });
  }
  if (r.remotePodNetworks.length === 0) {
    refusals.push({
      reason: `Cluster ${r.cluster} has no remote pod networks, which Cilium's cluster-pool IPAM hands out to hybrid nodes.`,
      fix: `Set remotePodNetworks on the cluster (aws eks update-cluster-config --remote-network-config …), then ask again.`,
    });
  }
  const fromVersion = r.running.agent?.version;
  const from = fromVersion ? parseCiliumVersion(fromVersion) : undefined;
  if (to && from && minorDistance(from, to) > 1) {
    const up = compareCiliumVersions(to, from) > 0;
    refusals.push({
      reason: `Cilium moves one minor version at a time: ${ciliumMinor(from)} → ${ciliumMinor(to)} ${up ? 'skips' : 'goes back over'} ${Math.abs(to.minor - from.minor) - 1} minor version(s).`,
      fix: up
        ? `Upgrade to the latest ${from.major}.${from.minor + 1}.x first, then to ${r.toVersion}.`
        : `Go back one minor version at a time (helm rollback restores the previous release).`,
    });
  }
  if (to) {
    const supported = r.kubernetesSupport[ciliumMinor(to)];
    const unsupported = [...new Set(r.kubernetesInUse)].filter((k) => supported && !supported.includes(k));
    if (unsupported.length > 0) {
      refusals.push({
        reason: `Cilium ${ciliumMinor(to)} does not support Kubernetes ${unsupported.join(', ')}, which the cluster runs (control plane or nodes).`,
        fix: `Pick a Cilium version that supports it (supported Kubernetes for ${ciliumMinor(to)}: ${(supported ?? []).join(', ')}), or upgrade those nodes first.`,
      });
    }
  }
  const rendered = renderCiliumValues(r.remotePodNetworks, r.overrides);
  if (!rendered.ok) {
    for (const p of rendered.problems) {
      refusals.push({
        reason: `Value \`${p.path}\` ${p.message} (the chart's values schema).`,
        fix: `Correct \`${p.path}\` in --set.`,
      });
    }
    return { ok: false, refusals };
  }
  const { values } = rendered;
  for (const [path, what] of [
    ['affinity', 'agent'],
    ['operator.affinity', 'operator'],
  ] as const) {
    if (!confinedToHybridNodes(terms(values, path))) {
      refusals.push({
        reason: `These values let the Cilium ${what} run on cloud workers, where it fights the VPC CNI.`,
        fix: `Leave \`${path}\` to the bot: it requires eks.amazonaws.com/compute-type In [hybrid].`,
      });
    }
  }
  if (r.running.installed && r.running.ipamMode) {
    const cidrs = valueAt(values, 'ipam.operator.clusterPoolIPv4PodCIDRList');
    const wanted = Array.isArray(cidrs) ? cidrs.map(String) : [String(cidrs)];
    const mask = valueAt(values, 'ipam.operator.clusterPoolIPv4MaskSize');
    if (r.running.ipamMode !== valueAt(values, 'ipam.mode')) {
      refusals.push({
        reason: `Cilium runs IPAM mode ${r.running.ipamMode}; the IPAM mode never changes after install.`,
        fix: 'Leave `ipam.mode` out of the values.',
      });
    } else if (!sameCidrs(r.running.podCidrs, wanted)) {
      refusals.push({
        reason: `Cilium's pod CIDRs are ${r.running.podCidrs.join(', ')}; these values make them ${wanted.join(', ')}, and clusterPoolIPv4PodCIDRList never changes after install.`,
        fix: `Keep \`ipam.operator.clusterPoolIPv4PodCIDRList\` at ${r.running.podCidrs.join(', ')} (--set ipam.operator.clusterPoolIPv4PodCIDRList={${r.running.podCidrs.join(',')}}), or reinstall Cilium to change them.`,
      });
    }
    if (r.running.maskSize !== undefined && mask !== r.running.maskSize) {
      refusals.push({
        reason: `Cilium hands out /${r.running.maskSize} blocks per node; the mask size never changes after install.`,
        fix: `Keep \`ipam.operator.clusterPoolIPv4MaskSize\` at ${r.running.maskSize}.`,
      });
    }
  }
  if (refusals.length > 0) return { ok: false, refusals };
  return {
    ok: true,
    values,
    ...(fromVersion ? { fromVersion } : {}),
    minorUpgrade:
      from !== undefined &&
      to !== undefined &&
      minorDistance(from, to) === 1 &&
      compareCiliumVersions(to, from) > 0,
  };
}
