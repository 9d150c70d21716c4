import type { KubeObject } from '../../kube/store';

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** Whether a pod spec's nodeSelector and required node affinity admit this node, as the scheduler decides. */
export function podFitsNode(podSpec: KubeObject['spec'], node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector: Record<string, string> = podSpec?.nodeSelector ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return false;
  const terms: Array<{ matchExpressions?: Requirement[] }> | undefined =
    podSpec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return true;
  // Terms are ORed; the expressions inside one term are ANDed.
  return terms.some((t) => (t.matchExpressions ?? []).every((r) => matches(r, labels)));
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(r.values?.[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(r.values?.[0]);
    default:
      return false;
  }
}

export function nodeIsReady(node: KubeObject): boolean {
  const conditions: Array<{ type: string; status: string }> = node.status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Whether new pods may be placed here: Ready, not cordoned. */
export function nodeIsSchedulable(node: KubeObject): boolean {
  return nodeIsReady(node) && !node.spec?.unschedulable;
}
