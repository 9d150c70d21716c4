import { compareKubernetesMinors } from '../profiles/kubernetes-minor';
import type { ProfileDiff } from '../profiles/profile-diff';

/** What a rollout does to each node of a pool, from the layers that change. */
export type NodeAction = 'upgrade' | 'reconfigure' | 'reimage' | 'none';

export interface RolloutAction {
  action: NodeAction;
  /** Set when the Kubernetes layer changes. */
  kubernetes?: { from: string; to: string };
  /** Why, in plain words. */
  why: string;
}

const settingsChange = (d: ProfileDiff) =>
  d.kubeletConfig.length +
    d.kubeletFlags.filter((l) => l.op !== 'same').length +
    d.containerdConfig.filter((l) => l.op !== 'same').length >
  0;

/**
 * The OS layer wins (a re-image brings every other layer with it), then the Kubernetes version
 * (nodeadm upgrade rewrites the configuration too), then settings alone (a rewrite and a restart).
 * A profile whose only change is elsewhere (description, supported OSes, containerd source for
 * future joins) touches no node.
 */
export function rolloutAction(diff: ProfileDiff): RolloutAction {
  const k8s = diff.kubernetesVersion;
  const kubernetes = k8s?.from && k8s.to ? { from: k8s.from, to: k8s.to } : undefined;
  if (diff.os.mode !== undefined || diff.os.image !== undefined) {
    const image = diff.os.image?.to;
    return {
      action: 'reimage',
      ...(kubernetes ? { kubernetes } : {}),
      why: `the OS layer changes${image ? ` (image ${image})` : ''}: each node is drained and re-imaged, then joins again`,
    };
  }
  if (kubernetes) {
    const direction = compareKubernetesMinors(kubernetes.to, kubernetes.from) < 0 ? 'downgrade' : 'upgrade';
    return {
      action: 'upgrade',
      kubernetes,
      why: `Kubernetes ${kubernetes.from} → ${kubernetes.to} (${direction}): drain, \`nodeadm upgrade ${kubernetes.to}\`, Ready at ${kubernetes.to}`,
    };
  }
  if (settingsChange(diff)) {
    return {
      action: 'reconfigure',
      why: 'kubelet or containerd settings change: drain, rewrite the NodeConfig, `nodeadm init` restarts kubelet and containerd',
    };
  }
  return { action: 'none', why: 'nothing a node runs changes: every node is skipped' };
}
