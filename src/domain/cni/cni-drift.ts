import type { NodeSelectorTerm } from '../facts';
import { confinedToHybridNodes } from '../node-affinity';
import { recommendedHybridValues, renderCiliumValues } from './cilium-values';
import { sameCiliumVersion } from './cilium-version';
import { type RunningCni, sameCidrs, type Toleration, tolerationsRestricted } from './cni-running';
import { mergeValues, type Values, valueAt } from './helm-values';

/** The CNI layer a team wants on a cluster: AWS's chart at a version, with their value overrides. */
export interface DesiredCniLayer {
  chartVersion: string;
  overrides: Values;
  /** Who set it and through which change, when. */
  setBy?: string;
  changeId?: string;
  setAt?: number;
}

/** One way the running CNI differs from what is wanted. */
export interface DriftItem {
  what: string;
  running: string;
  desired: string;
}

const termsOf = (values: Values, path: string) =>
  valueAt(values, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`) as
    | NodeSelectorTerm[]
    | undefined;

const yesNo = (b: boolean | undefined) => (b === undefined ? 'unknown' : b ? 'yes' : 'no');

/**
 * Running against wanted: the version of agent and operator (when a version is wanted), where they
 * may run, IPAM, the operator's replicas and tolerations, and aws-node staying off hybrid nodes.
 * `values` are the rendered values (recommended merged with overrides).
 */
export function cniDrift(
  running: RunningCni,
  desired: { chartVersion?: string; values: Values },
): DriftItem[] {
  if (!running.installed) {
    return [{ what: 'Cilium', running: 'not installed', desired: desired.chartVersion ?? 'installed' }];
  }
  const drift: DriftItem[] = [];
  const add = (what: string, r: string, d: string) => drift.push({ what, running: r, desired: d });
  const { values, chartVersion } = desired;
  if (chartVersion) {
    for (const [what, w] of [
      ['agent version', running.agent],
      ['operator version', running.operator],
    ] as const) {
      if (!sameCiliumVersion(w?.version, chartVersion)) add(what, w?.version ?? 'unknown', chartVersion);
    }
  }
  const agentWanted = confinedToHybridNodes(termsOf(values, 'affinity'));
  if (running.agent && running.agent.hybridOnly !== agentWanted) {
    add('agent hybrid-only', yesNo(running.agent.hybridOnly), yesNo(agentWanted));
  }
  const operatorWanted = confinedToHybridNodes(termsOf(values, 'operator.affinity'));
  if (running.operator && running.operator.hybridOnly !== operatorWanted) {
    add('operator hybrid-only', yesNo(running.operator.hybridOnly), yesNo(operatorWanted));
  }
  const mode = valueAt(values, 'ipam.mode');
  if (typeof mode === 'string' && running.ipamMode !== mode)
    add('IPAM mode', running.ipamMode ?? 'unknown', mode);
  const cidrs = valueAt(values, 'ipam.operator.clusterPoolIPv4PodCIDRList');
  const cidrList = Array.isArray(cidrs) ? cidrs.map(String) : typeof cidrs === 'string' ? [cidrs] : undefined;
  if (cidrList && !sameCidrs(running.podCidrs, cidrList)) {
    add('pod CIDRs', running.podCidrs.join(', ') || 'none', cidrList.join(', '));
  }
  const mask = valueAt(values, 'ipam.operator.clusterPoolIPv4MaskSize');
  if (typeof mask === 'number' && running.maskSize !== mask) {
    add(
      'pod CIDR mask size',
      running.maskSize === undefined ? 'unknown' : `/${running.maskSize}`,
      `/${mask}`,
    );
  }
  const replicas = valueAt(values, 'operator.replicas');
  if (running.operator && typeof replicas === 'number' && running.operator.replicas !== replicas) {
    add('operator replicas', String(running.operator.replicas), String(replicas));
  }
  const tolerations = valueAt(values, 'operator.tolerations') as Toleration[] | undefined;
  const restrictedWanted = tolerationsRestricted(tolerations);
  if (running.operator && restrictedWanted && !running.operator.tolerationsRestricted) {
    add('operator tolerations restricted', 'no (tolerates every taint)', 'yes');
  }
  if (running.awsNodeExcludesHybrid === false) add('aws-node excludes hybrid nodes', 'no', 'yes');
  return drift;
}

/** The values a desired layer renders to for these pod networks (AWS's recommended ones when none is recorded). */
export function desiredValues(podNetworks: readonly string[], desired: DesiredCniLayer | undefined): Values {
  if (!desired) return recommendedHybridValues(podNetworks);
  const rendered = renderCiliumValues(podNetworks, desired.overrides);
  return rendered.ok ? rendered.values : mergeValues(recommendedHybridValues(podNetworks), desired.overrides);
}
