/** Latest EKS patch per minor the simulator reports; unknown minors get patch 0. */
const LATEST_PATCH: Record<string, number> = {
  '1.28': 15,
  '1.29': 15,
  '1.30': 14,
  '1.31': 13,
  '1.32': 9,
  '1.33': 5,
  '1.34': 2,
  '1.35': 0,
};

export function minorOf(version: string): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : version;
}

/** The version string a kubelet built from EKS Distro reports, e.g. `v1.31.13-eks-1a2b3c4`. */
export function kubeletVersion(version: string): string {
  const full =
    /^v?(\d+\.\d+\.\d+)/.exec(version)?.[1] ?? `${minorOf(version)}.${LATEST_PATCH[minorOf(version)] ?? 0}`;
  return `v${full}-eks-${build(full)}`;
}

export type SkewProblem = { tooNew: true } | { tooOld: true } | undefined;

/** Kubernetes' skew policy: a kubelet may not be newer than the API server nor more than three minors older. */
export function skewProblem(kubelet: string, apiServer: string): SkewProblem {
  const [kMaj, kMin] = minorOf(kubelet).split('.').map(Number) as [number, number];
  const [aMaj, aMin] = minorOf(apiServer).split('.').map(Number) as [number, number];
  if (kMaj !== aMaj) return kMaj > aMaj ? { tooNew: true } : { tooOld: true };
  if (kMin > aMin) return { tooNew: true };
  if (aMin - kMin > 3) return { tooOld: true };
  return undefined;
}

/** A stable short build hash per version, so the same version always reads the same. */
function build(full: string): string {
  let h = 0;
  for (const c of full) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(7, '0').slice(0, 7);
}
