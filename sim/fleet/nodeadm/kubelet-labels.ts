/**
 * kubelet's own check of --node-labels (cmd/kubelet/app/options: ValidateKubeletFlags): labels in
 * the kubernetes.io and k8s.io namespaces must be in a short allow-list or under kubelet.kubernetes.io
 * or node.kubernetes.io, so node-role.kubernetes.io and node-restriction.kubernetes.io are refused.
 * Any other prefix (an organisation's own) is the kubelet's to set. kubelet exits at start, so the
 * node never registers.
 */
const ALLOWED = [
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
];
const ALLOWED_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function restricted(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const namespace = key.slice(0, slash);
  const kubernetes = ['kubernetes.io', 'k8s.io'].some((n) => namespace === n || namespace.endsWith(`.${n}`));
  if (!kubernetes || ALLOWED.includes(key)) return false;
  return !ALLOWED_NAMESPACES.some((n) => namespace === n || namespace.endsWith(`.${n}`));
}

/** kubelet's error for labels it may not set on itself, in its wording; undefined when it starts. */
export function kubeletLabelError(labels: Record<string, string>): string | undefined {
  const unknown = Object.keys(labels).filter(restricted).sort();
  if (unknown.length === 0) return undefined;
  return `failed to validate kubelet flags: unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [${unknown.join(' ')}]
--node-labels in the 'kubernetes.io' namespace must begin with an allowed prefix (${ALLOWED_NAMESPACES.join(', ')}) or be in the specifically allowed set (${ALLOWED.join(', ')})`;
}
