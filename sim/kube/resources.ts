/** What the simulated API knows about each resource type: where it lives, its kind and its short names. */
import type { KubeResource } from './types';

export interface ResourceInfo {
  resource: KubeResource;
  group: '' | 'apps' | 'policy';
  version: 'v1';
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Whether spec changes bump metadata.generation (workloads and budgets; nodes and pods have none here). */
  hasGeneration: boolean;
  categories?: string[];
}

function info(
  resource: KubeResource,
  group: ResourceInfo['group'],
  kind: string,
  namespaced: boolean,
  shortNames: string[],
  hasGeneration: boolean,
  categories?: string[],
): ResourceInfo {
  return {
    resource,
    group,
    version: 'v1',
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    hasGeneration,
    ...(categories ? { categories } : {}),
  };
}

export const RESOURCES: Record<KubeResource, ResourceInfo> = {
  nodes: info('nodes', '', 'Node', false, ['no'], false),
  namespaces: info('namespaces', '', 'Namespace', false, ['ns'], false),
  pods: info('pods', '', 'Pod', true, ['po'], false, ['all']),
  daemonsets: info('daemonsets', 'apps', 'DaemonSet', true, ['ds'], true, ['all']),
  deployments: info('deployments', 'apps', 'Deployment', true, ['deploy'], true, ['all']),
  poddisruptionbudgets: info('poddisruptionbudgets', 'policy', 'PodDisruptionBudget', true, ['pdb'], true),
};

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
