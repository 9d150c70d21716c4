import { labelKeyProblem, labelValueProblem, taintProblem } from '../kubernetes-labels';

/** Label and taint keys under these prefixes belong to AWS, nodeadm or the bot, never to a pool. */
const OWNED_PREFIXES: readonly { prefix: string; owner: string }[] = [
  { prefix: 'eks.amazonaws.com', owner: 'EKS and nodeadm set them' },
  { prefix: 'hybrid-bot.io', owner: 'the bot sets them (pool membership, site)' },
];

function ownedKeyProblem(key: string, what: 'Label' | 'Taint'): string | undefined {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash);
  const owned = OWNED_PREFIXES.find((o) => prefix === o.prefix || prefix.endsWith(`.${o.prefix}`));
  return owned
    ? `${what} "${key}" uses the reserved prefix ${owned.prefix}/ (${owned.owner}): use your own, e.g. example.com/.`
    : undefined;
}

export type ParsedList<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** `--labels k=v,k2=v2`: every problem named, nothing kept from a list with one. */
export function parsePoolLabels(text: string | undefined): ParsedList<Record<string, string>> {
  const labels: Record<string, string> = {};
  const problems: string[] = [];
  for (const item of splitList(text)) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      problems.push(`Label "${item}" is not key=value, e.g. example.com/tier=pos.`);
      continue;
    }
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    if (key in labels) problems.push(`Label "${key}" is given twice: keep one value.`);
    labels[key] = value;
    const problem = labelKeyProblem(key) ?? ownedKeyProblem(key, 'Label') ?? labelValueProblem(key, value);
    if (problem) problems.push(problem);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: labels };
}

/** `--taints k=v:Effect,…`, as kubelet's --register-with-taints takes them. */
export function parsePoolTaints(text: string | undefined): ParsedList<string[]> {
  const taints: string[] = [];
  const problems: string[] = [];
  for (const item of splitList(text)) {
    const problem = taintProblem(item) ?? ownedKeyProblem(item.split(/[=:]/)[0] ?? '', 'Taint');
    if (problem) problems.push(problem);
    const keyAndEffect = taintIdentity(item);
    if (taints.some((t) => taintIdentity(t) === keyAndEffect)) {
      problems.push(`Taint "${item}" repeats a key and effect already given: keep one.`);
    }
    taints.push(item);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: taints };
}

/** Kubernetes keeps one taint per key and effect. */
export function taintIdentity(taint: string): string {
  const key = taint.split(/[=:]/)[0] ?? '';
  const effect = taint.slice(taint.lastIndexOf(':') + 1);
  return `${key}:${effect}`;
}

export function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
