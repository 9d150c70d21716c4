import semver from 'semver';
import { type HostFacts, hostLabel } from './host-facts';
import { AWS_SUPPORTED_OSES, awsSupportsOs, platformText } from './supported-os';

/** Older nodeadm builds carry an expired SSM package-signing key (AWS's nodeadm page). */
export const MIN_SSM_NODEADM = '1.0.19';
/** Cilium 1.18 needs kernel 5.10 or later (AWS's CNI page): not Ubuntu 20.04's stock kernel, not RHEL 8. */
export const MIN_CILIUM_118_KERNEL = '5.10.0';
export const CILIUM_NEEDING_NEW_KERNEL = '1.18.0';
/** More than this between the host's clock and NTP time breaks certificates and tokens. */
export const MAX_CLOCK_OFFSET_SECONDS = 1;

/** `5.15.0` of `5.15.0-126-generic`, `4.18.0` of `4.18.0-553.el8_10.x86_64`; undefined when it is no version. */
export function kernelVersion(release: string): string | undefined {
  return semver.coerce(release)?.version;
}

/** Whether a Cilium version (`1.18.3-0`, `v1.18.3`) needs a kernel of 5.10 or later. */
export function ciliumNeedsNewKernel(cilium: string): boolean {
  const v = semver.coerce(cilium);
  return v !== null && semver.gte(v, CILIUM_NEEDING_NEW_KERNEL);
}

/** Whether a kernel release is older than Cilium 1.18 needs; undefined when it cannot be read. */
export function kernelTooOldForCilium(release: string): boolean | undefined {
  const v = kernelVersion(release);
  return v === undefined ? undefined : semver.lt(v, MIN_CILIUM_118_KERNEL);
}

/** Whether a nodeadm version (`v1.0.15`) is older than SSM hosts need; undefined when it cannot be read. */
export function nodeadmTooOld(version: string): boolean | undefined {
  const v = semver.coerce(version);
  return v === null ? undefined : semver.lt(v, MIN_SSM_NODEADM);
}

/** How to give a host a kernel Cilium 1.18 can run on. */
export const KERNEL_FIX =
  'Upgrade the kernel to 5.10 or later or re-image the host (Ubuntu 22.04 or later, RHEL 9)';

/** One problem on one host, worded for a line of its own. */
export interface HostProblem {
  /** `name (mi-…)`. */
  host: string;
  site?: string;
  problem: string;
  fix: string;
}

/**
 * Where Cilium 1.18 (or later) stands in the cluster: it runs, it is the recorded desired layer, the
 * bot's configuration offers it (the cluster is on 1.17), or not even that.
 */
export type Cilium118 = 'runs' | 'planned' | 'offered' | 'no';

export interface HostRuleContext {
  cilium118: Cilium118;
}

const CILIUM_118_WHERE: Record<Exclude<Cilium118, 'no'>, string> = {
  runs: 'which Cilium 1.18 (running in the cluster) needs',
  planned: "which Cilium 1.18 (the cluster's desired CNI layer) needs",
  offered: 'so this host cannot run Cilium 1.18',
};

/** Every problem the host's known facts show; facts not known show none. */
export function hostFactProblems(f: HostFacts, ctx: HostRuleContext): HostProblem[] {
  const problems: HostProblem[] = [];
  const add = (problem: string, fix: string) =>
    problems.push({ host: hostLabel(f), ...(f.site ? { site: f.site } : {}), problem, fix });
  if (f.nodeadm && nodeadmTooOld(f.nodeadm.value)) {
    add(
      `nodeadm ${f.nodeadm.value} is older than ${MIN_SSM_NODEADM}: its SSM package-signing key has expired.`,
      `Install nodeadm ${MIN_SSM_NODEADM} or later on the host.`,
    );
  }
  if (ctx.cilium118 !== 'no' && f.kernel && kernelTooOldForCilium(f.kernel.value)) {
    add(
      `kernel ${f.kernel.value} is older than 5.10, ${CILIUM_118_WHERE[ctx.cilium118]}.`,
      `${KERNEL_FIX}, or keep the cluster on Cilium 1.17.`,
    );
  }
  if (f.platform && awsSupportsOs(f.platform.value) === false) {
    add(
      `${platformText(f.platform.value)} is not an OS AWS supports for hybrid nodes.`,
      `Re-image the host with one AWS supports: ${AWS_SUPPORTED_OSES}.`,
    );
  }
  if (f.swapOn?.value === true) {
    add('swap is on; the kubelet needs it off.', 'Run `swapoff -a` and remove swap from /etc/fstab.');
  }
  const offset = f.clockOffsetSeconds?.value;
  if (offset !== undefined && Math.abs(offset) > MAX_CLOCK_OFFSET_SECONDS) {
    add(
      `the clock is ${Math.abs(offset).toFixed(1)} s ${offset > 0 ? 'ahead of' : 'behind'} NTP time (more than ${MAX_CLOCK_OFFSET_SECONDS} s).`,
      'Check chrony (`chronyc tracking`) and the host’s NTP servers.',
    );
  } else if (f.clockSynchronized?.value === false) {
    add(
      'the clock is not synchronised with NTP.',
      'Check chrony or systemd-timesyncd and the host’s NTP servers.',
    );
  }
  return problems;
}
