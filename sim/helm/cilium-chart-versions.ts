/**
 * AWS's build of the Cilium chart: the one OCI repository EKS Hybrid Nodes supports, and the tags the
 * simulated registry answers for. Keep every published tag the scenarios or tests need here, and only here.
 */
export const CILIUM_CHART_URL = 'oci://public.ecr.aws/eks/cilium/cilium';

/** Tags of oci://public.ecr.aws/eks/cilium/cilium (chart version = tag; image tags are `v<tag>`). */
export const CILIUM_CHART_VERSIONS: readonly string[] = ['1.17.6-0', '1.17.8-0', '1.18.3-0', '1.18.5-0'];

/** The chart version a scenario's `cilium.version` names: "1.17.6" is AWS's first build, "1.17.6-0". */
export function chartVersionOf(version: string): string {
  return /-\d+$/.test(version) ? version : `${version}-0`;
}
