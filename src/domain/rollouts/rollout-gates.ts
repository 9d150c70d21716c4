import { compareKubernetesMinors } from '../profiles/kubernetes-minor';

/** nodeadm and Kubernetes: a kubelet may trail the API server by up to three minors, never lead it. */
export const MAX_KUBELET_SKEW = 3;

export interface RolloutGateFacts {
  cluster: string;
  pool: string;
  /** The Kubernetes minor the nodes would end at. */
  targetVersion: string;
  /** The Kubernetes minor the pool's nodes run now (its current profile's). */
  currentVersion?: string;
  /** The nodes are upgraded where they run (`nodeadm upgrade`), not replaced by spares or re-imaged. */
  inPlace?: boolean;
  controlPlaneVersion: string;
  /** The running Cilium's minor (1.18), when Cilium runs. */
  ciliumMinor?: string;
  /** Cilium minor → the Kubernetes minors it supports (configuration); a minor left out supports all. */
  ciliumSupport: Record<string, readonly string[]>;
  /** The newest Cilium version the bot offers, for the fix. */
  newestCilium?: string;
  nodes: readonly { name: string; ready: boolean }[];
  maxUnavailable: number;
  /** PodDisruptionBudgets over pods on the pool's nodes that allow no disruption now. */
  blockingBudgets: readonly string[];
}

export interface Refusal {
  reason: string;
  fix: string;
}

/** Every reason the rollout cannot start, each with its fix; empty when it may be planned. */
export function rolloutRefusals(f: RolloutGateFacts): Refusal[] {
  const refusals: Refusal[] = [];
  const skew = controlPlaneSkew(f.targetVersion, f.controlPlaneVersion);
  if (skew === 'too-new') {
    refusals.push({
      reason: `Kubernetes ${f.targetVersion} is newer than the control plane (${f.controlPlaneVersion}): kubelet may never lead the API server.`,
      fix: `Upgrade the control plane of ${f.cluster} first, or pick a profile at ${f.controlPlaneVersion} or older.`,
    });
  } else if (skew === 'too-old') {
    refusals.push({
      reason: `Kubernetes ${f.targetVersion} would leave the nodes more than ${MAX_KUBELET_SKEW} minors behind the control plane (${f.controlPlaneVersion}).`,
      fix: 'Pick a profile within three minors of the control plane.',
    });
  }
  if (f.inPlace && f.currentVersion && lowersMinor(f.currentVersion, f.targetVersion)) {
    refusals.push(inPlaceDowngrade(f.pool, f.currentVersion, f.targetVersion));
  }
  const supported = f.ciliumMinor ? f.ciliumSupport[f.ciliumMinor] : undefined;
  if (f.ciliumMinor && supported && !supported.includes(f.targetVersion)) {
    refusals.push({
      reason: `Cilium ${f.ciliumMinor} does not support Kubernetes ${f.targetVersion}.`,
      fix: `Upgrade the CNI layer first: \`/hybrid cni set ${f.cluster} --cilium ${f.newestCilium ?? '<version>'}\`.`,
    });
  }
  const notReady = f.nodes.filter((n) => !n.ready).length;
  if (f.maxUnavailable < 1) {
    refusals.push({ reason: '--max-unavailable must be at least 1.', fix: 'Use 1 (the default) or more.' });
  } else if (notReady >= f.maxUnavailable && f.nodes.length > 0) {
    refusals.push({
      reason: `${notReady} node${notReady === 1 ? ' is' : 's are'} NotReady in pool ${f.pool} and count against --max-unavailable ${f.maxUnavailable}: no node could be taken out.`,
      fix: 'Bring them back (see `/hybrid pool show`), or raise --max-unavailable.',
    });
  } else if (f.nodes.length > 1 && f.maxUnavailable >= f.nodes.length) {
    refusals.push({
      reason: `--max-unavailable ${f.maxUnavailable} would take all ${f.nodes.length} nodes of pool ${f.pool} out at once.`,
      fix: `Use at most ${f.nodes.length - 1}.`,
    });
  }
  for (const budget of f.blockingBudgets) {
    refusals.push({
      reason: `PodDisruptionBudget ${budget} allows no disruption now: the first drain would stop.`,
      fix: 'Add capacity or relax the budget, then ask again.',
    });
  }
  return refusals;
}

/** nodeadm and kubelet only move forward: a node goes down a minor only by joining anew. */
function inPlaceDowngrade(pool: string, from: string, to: string): Refusal {
  return {
    reason: `Kubernetes ${from} → ${to} is a downgrade: nodeadm and kubelet support upgrades only, so the nodes of pool ${pool} cannot go back to ${to} where they run.`,
    fix: `Cut over instead (\`--strategy cutover\`, or Cutover in the Upgrade form): spare hosts join at ${to} and the old nodes leave; or re-image the hosts: a profile version whose OS layer changes joins each host anew at ${to}.`,
  };
}

/** Moving nodes from one Kubernetes version to another lowers the minor: nodeadm cannot do that in place. */
export function lowersMinor(from: string, to: string): boolean {
  return compareKubernetesMinors(to, from) < 0;
}

/**
 * Why an in-place rollout cannot be rolled back, or undefined when it can: going back would run
 * `nodeadm upgrade` to a lower minor on the nodes already upgraded, the downgrade the gates refuse.
 */
export function rollbackRefusal(r: {
  cluster: string;
  pool: string;
  from: { kubernetesVersion: string };
  to: { kubernetesVersion: string };
}): Refusal | undefined {
  const { from, to } = { from: r.from.kubernetesVersion, to: r.to.kubernetesVersion };
  if (!lowersMinor(to, from)) return undefined;
  return {
    reason: `No Roll back: going back from Kubernetes ${to} to ${from} would be a downgrade in place, and nodeadm and kubelet support upgrades only, so a node once upgraded stays at ${to} (Abort stops the rollout where it is).`,
    fix: `To take a node back to ${from}, it joins anew: \`/hybrid pool remove ${r.pool} --cluster ${r.cluster} --hosts <host>\`, \`/hybrid host reissue <host>\` (its new bootstrap run at the host), then \`/hybrid pool add ${r.pool} --cluster ${r.cluster} --hosts <host>\` joins it at ${from}; or re-image it to a profile at ${from}.`,
  };
}

/** Where a target Kubernetes minor stands against the control plane's, as the skew policy judges it. */
export function controlPlaneSkew(target: string, controlPlane: string): 'ok' | 'too-new' | 'too-old' {
  if (compareKubernetesMinors(target, controlPlane) > 0) return 'too-new';
  return skewMinors(target, controlPlane) > MAX_KUBELET_SKEW ? 'too-old' : 'ok';
}

function skewMinors(older: string, newer: string): number {
  const minor = (v: string) => Number(/^v?\d+\.(\d+)/.exec(v)?.[1] ?? Number.NaN);
  return minor(newer) - minor(older);
}

/**
 * How many nodes may start now: at most `maxUnavailable` out at once, where a node counts as
 * out while it is being worked on and whenever it is NotReady, worked on or not.
 */
export function nodesMayStart(
  maxUnavailable: number,
  nodes: readonly { ready: boolean; state: 'pending' | 'in-progress' | 'done' | 'skipped' }[],
): number {
  const out = nodes.filter((n) => n.state === 'in-progress' || !n.ready).length;
  const pending = nodes.filter((n) => n.state === 'pending').length;
  return Math.max(0, Math.min(pending, maxUnavailable - out));
}
