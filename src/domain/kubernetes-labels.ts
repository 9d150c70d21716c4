/** Kubernetes label and taint syntax, checked before they reach kubelet flags (a bad one stops kubelet). */
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const VALUE = /^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

// kubelet refuses to start when --node-labels sets a kubernetes.io / k8s.io label outside these.
const KUBELET_ALLOWED = new Set([
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
]);
const KUBELET_ALLOWED_PREFIXES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix))) {
    return `Label key "${key}" has an invalid prefix: use a lowercase DNS name such as example.com/.`;
  }
  if (!NAME.test(name)) {
    return `Label key "${key}" is invalid: the name needs 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`;
  }
  if (prefix !== undefined && /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix)) {
    const allowed =
      KUBELET_ALLOWED.has(key) ||
      KUBELET_ALLOWED_PREFIXES.some((p) => prefix === p || prefix.endsWith(`.${p}`));
    if (!allowed)
      return `Label "${key}" is reserved: kubelet may not set it; use your own prefix, e.g. hybrid-bot/.`;
  }
  return undefined;
}

export function labelValueProblem(key: string, value: string): string | undefined {
  if (!VALUE.test(value)) {
    return `Label ${key}="${value}" has an invalid value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`;
  }
  return undefined;
}

/** Every problem in a set of node labels, one line each. */
export function nodeLabelProblems(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) =>
    [labelKeyProblem(key), labelValueProblem(key, value)].filter((p): p is string => p !== undefined),
  );
}

/** A taint as kubelet's --register-with-taints takes it: `key[=value]:Effect`. */
export function taintProblem(taint: string): string | undefined {
  const match = taint.match(/^([^=:]+)(?:=([^:]*))?:(.*)$/);
  if (!match) return `Taint "${taint}" is not key[=value]:Effect, e.g. dedicated=pos:NoSchedule.`;
  const [, key = '', value = '', effect = ''] = match;
  if (!TAINT_EFFECTS.includes(effect)) {
    return `Taint "${taint}" has effect "${effect}": use ${TAINT_EFFECTS.join(', ')}.`;
  }
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) return keyProblem.replace('Label key', 'Taint key');
  return labelValueProblem(key, value)?.replace('Label', 'Taint');
}
