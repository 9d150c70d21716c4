/** Which nodes a pod template may run on: nodeSelector, required node affinity and taints/tolerations. */
import { admitsScheduling } from './taints';
import type { KubeObject } from './types';

interface Expression {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
interface Term {
  matchExpressions?: Expression[];
  matchFields?: Expression[];
}

// biome-ignore lint/suspicious/noExplicitAny: pod templates are free-form JSON.
export function canRunOn(podSpec: any, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector: Record<string, string> = podSpec?.nodeSelector ?? {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const terms: Term[] | undefined =
    podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed; the expressions inside one term are ANDed.
  if (terms && !terms.some((t) => termMatches(t, labels, node.metadata.name))) return false;
  return admitsScheduling(podSpec?.tolerations, node.spec?.taints);
}

function termMatches(term: Term, labels: Record<string, string>, name: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((e) => expressionMatches(e, labels[e.key])) &&
    fields.every((e) => e.key === 'metadata.name' && expressionMatches(e, name))
  );
}

function expressionMatches(e: Expression, value: string | undefined): boolean {
  const values = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || Number.isNaN(n) || Number.isNaN(bound)) return false;
      return e.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return false;
  }
}

export function isNodeReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}
