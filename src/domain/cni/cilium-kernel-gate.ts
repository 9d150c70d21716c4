import { ciliumNeedsNewKernel, KERNEL_FIX, kernelTooOldForCilium } from '../host-facts/host-fact-rules';
import { counted } from '../plural';
import { type CiliumVersion, compareCiliumVersions, parseCiliumVersion } from './cilium-version';
import type { Refusal } from './cni-set-rules';

/** A hybrid node's host as the kernel gate sees it. */
export interface NodeKernel {
  /** `name (mi-…)` for an SSM host; the node's name otherwise. */
  host: string;
  site?: string;
  /** The node's reported kernel (status.nodeInfo), or the host's last read fact; absent when unknown. */
  kernel?: string;
}

export interface KernelGate {
  refusal?: Refusal;
  /** Hosts whose kernel is not known: they do not block, the plan names them. */
  unknown: string[];
}

/** How many hosts a refusal names before it says how many more. */
const NAMED = 10;

function named(items: string[]): string {
  const shown = items.slice(0, NAMED).join('; ');
  return items.length > NAMED ? `${shown}; and ${items.length - NAMED} more` : shown;
}

/**
 * Cilium 1.18 and later need kernel 5.10 or later on every node they run on (the hybrid nodes): a
 * change to such a version is refused while any hybrid node's kernel is known to be older. A kernel
 * not known never blocks.
 */
export function ciliumKernelGate(
  g: {
    cluster: string;
    toVersion: string;
    /** The configured Cilium versions: the newest that runs on older kernels is offered instead. */
    versions: readonly string[];
  },
  nodes: readonly NodeKernel[],
): KernelGate {
  const { cluster, toVersion } = g;
  if (!ciliumNeedsNewKernel(toVersion)) return { unknown: [] };
  const old = nodes.filter((n) => n.kernel !== undefined && kernelTooOldForCilium(n.kernel) === true);
  const unknown = nodes
    .filter((n) => n.kernel === undefined || kernelTooOldForCilium(n.kernel) === undefined)
    .map((n) => n.host);
  if (old.length === 0) return { unknown };
  const stay = g.versions
    .map((tag) => ({ tag, v: parseCiliumVersion(tag) }))
    .filter((b): b is { tag: string; v: CiliumVersion } => b.v !== undefined && !ciliumNeedsNewKernel(b.tag))
    .sort((a, b) => compareCiliumVersions(a.v, b.v))
    .at(-1)?.tag;
  const lines = old.map((n) => `${n.host}${n.site ? ` at ${n.site}` : ''}: kernel ${n.kernel}`);
  return {
    unknown,
    refusal: {
      reason: `Cilium ${toVersion} needs kernel 5.10 or later on every hybrid node; ${counted(old.length, 'host runs', 'hosts run')} an older one: ${named(lines)}.`,
      fix: `${KERNEL_FIX}${stay ? `, or stay on Cilium 1.17 (\`/hybrid cni set ${cluster} --cilium ${stay}\`)` : ''}.`,
    },
  };
}
