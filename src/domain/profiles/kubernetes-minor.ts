import { parseKubernetesVersion } from '../kubernetes-version';

/** Orders two Kubernetes versions by major and minor: negative when a is older. Unparseable ones sort as equal. */
export function compareKubernetesMinors(a: string, b: string): number {
  const pa = parseKubernetesVersion(a);
  const pb = parseKubernetesVersion(b);
  if (!pa.ok || !pb.ok) return 0;
  return pa.value.major - pb.value.major || pa.value.minor - pb.value.minor;
}
