import type { Parsed } from './network';

/** A Kubernetes version as EKS and kubelets report it: `1.31`, `v1.31.2`, `v1.31.2-eks-7f9249a`. */
export interface KubernetesVersion {
  major: number;
  minor: number;
  patch?: number;
}

/** The kubelet may be at most this many minor versions older than the API server. */
export const MAX_KUBELET_MINOR_LAG = 3;

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]+)?$/;

export function parseKubernetesVersion(text: string): Parsed<KubernetesVersion> {
  const match = text.trim().match(VERSION);
  if (!match) {
    return { ok: false, problem: `"${text}" is not a Kubernetes version: write major.minor, e.g. 1.31.` };
  }
  const [, major, minor, patch] = match;
  return {
    ok: true,
    value: {
      major: Number(major),
      minor: Number(minor),
      ...(patch === undefined ? {} : { patch: Number(patch) }),
    },
  };
}

export function minorVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}`;
}

export type SkewCheck = { result: 'ok' } | { result: 'too-new' | 'too-old' | 'invalid'; message: string };

/** The Kubernetes version-skew policy as nodeadm enforces it at join time. */
export function checkKubeletSkew(kubelet: string, controlPlane: string): SkewCheck {
  const node = parseKubernetesVersion(kubelet);
  if (!node.ok) return { result: 'invalid', message: node.problem };
  const server = parseKubernetesVersion(controlPlane);
  if (!server.ok) return { result: 'invalid', message: server.problem };
  // Majors other than 1 do not exist yet; weigh them so any major difference dominates.
  const lag = (server.value.major - node.value.major) * 1000 + server.value.minor - node.value.minor;
  const k = minorVersion(node.value);
  const cp = minorVersion(server.value);
  if (lag < 0) {
    return {
      result: 'too-new',
      message: `Kubelet ${k} is newer than the control plane ${cp}: use ${cp} or older, or upgrade the cluster first.`,
    };
  }
  if (lag > MAX_KUBELET_MINOR_LAG) {
    return {
      result: 'too-old',
      message: `Kubelet ${k} is ${lag} minor versions behind the control plane ${cp} (at most ${MAX_KUBELET_MINOR_LAG}): upgrade the node, one minor version at a time.`,
    };
  }
  return { result: 'ok' };
}

/** Whether the version's minor is in the configured list of supported versions (e.g. 1.29 … 1.35). */
export function isSupported(version: string, supported: readonly string[]): boolean {
  const parsed = parseKubernetesVersion(version);
  if (!parsed.ok) return false;
  const wanted = minorVersion(parsed.value);
  return supported.some((entry) => {
    const s = parseKubernetesVersion(entry);
    return s.ok && minorVersion(s.value) === wanted;
  });
}

export function unsupportedVersionMessage(version: string, supported: readonly string[]): string {
  return `Kubernetes ${version} is not supported for hybrid nodes: choose one of ${supported.join(', ')}.`;
}
