/**
 * Versions of AWS's Cilium chart (`oci://public.ecr.aws/eks/cilium/cilium`): tags such as `1.18.3-0`,
 * whose images are tagged `v1.18.3-0`.
 */
export interface CiliumVersion {
  major: number;
  minor: number;
  patch: number;
  /** AWS's build number after the dash; 0 when absent. */
  build: number;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-(\d+))?$/;

export function parseCiliumVersion(text: string): CiliumVersion | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), build: Number(m[4] ?? 0) };
}

/** `1.18` */
export function ciliumMinor(v: CiliumVersion): string {
  return `${v.major}.${v.minor}`;
}

/** The chart tag a version is published under: `1.18.3-0`. */
export function chartTag(v: CiliumVersion): string {
  return `${v.major}.${v.minor}.${v.patch}-${v.build}`;
}

/** Same release, however written (`v1.17.6-0`, `1.17.6-0`, `1.17.6`). */
export function sameCiliumVersion(a: string | undefined, b: string | undefined): boolean {
  const pa = a === undefined ? undefined : parseCiliumVersion(a);
  const pb = b === undefined ? undefined : parseCiliumVersion(b);
  return pa !== undefined && pb !== undefined && chartTag(pa) === chartTag(pb);
}

/** How many minors lie between two versions (absolute), or Infinity across majors. */
export function minorDistance(a: CiliumVersion, b: CiliumVersion): number {
  if (a.major !== b.major) return Number.POSITIVE_INFINITY;
  return Math.abs(a.minor - b.minor);
}

export function compareCiliumVersions(a: CiliumVersion, b: CiliumVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;
}

/** The version an image runs, from its tag: `public.ecr.aws/eks/cilium/cilium:v1.17.6-0@sha256:…` → `1.17.6-0`. */
export function versionOfImage(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const parsed = parseCiliumVersion(withoutDigest.slice(colon + 1));
  return parsed ? chartTag(parsed) : undefined;
}

/** AWS's published chart tags of the supported minors (1.17.x, 1.18.x); the configuration may replace them. */
export const DEFAULT_CILIUM_VERSIONS = ['1.17.6-0', '1.17.8-0', '1.18.3-0', '1.18.5-0'];

/**
 * `--cilium` as typed: a chart tag (`1.18.3-0`) stands; a bare upstream version (`1.18.3`) is AWS's
 * newest configured build of it (`1.18.3-1` over `1.18.3-0`), and says so (`from`). Anything else is
 * left as typed, for the rules to refuse with the list.
 */
export function resolveCiliumVersion(
  typed: string,
  configured: readonly string[],
): { version: string; from?: string } {
  const wanted = parseCiliumVersion(typed);
  if (!wanted || /-\d+$/.test(typed.trim())) return { version: typed };
  const builds = configured
    .map((tag) => ({ tag, v: parseCiliumVersion(tag) }))
    .filter(
      (b): b is { tag: string; v: CiliumVersion } =>
        b.v !== undefined &&
        b.v.major === wanted.major &&
        b.v.minor === wanted.minor &&
        b.v.patch === wanted.patch,
    )
    .sort((a, b) => compareCiliumVersions(b.v, a.v));
  const newest = builds[0];
  return newest ? { version: newest.tag, from: typed.trim() } : { version: typed };
}
