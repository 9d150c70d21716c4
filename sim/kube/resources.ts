/** What the simulated API knows about each resource type: where it lives, its kind and its short names. */
import type { KubeResource } from './types';

export const HELM_TOOLKIT = 'helm.toolkit.fluxcd.io';
export const SOURCE_TOOLKIT = 'source.toolkit.fluxcd.io';

export interface ResourceInfo {
  resource: KubeResource;
  group: string;
  version: string;
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
  version = 'v1',
): ResourceInfo {
  return {
    resource,
    group,
    version,
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
  configmaps: info('configmaps', '', 'ConfigMap', true, ['cm'], false),
  secrets: info('secrets', '', 'Secret', true, [], false),
  helmreleases: info(
    'helmreleases',
    HELM_TOOLKIT,
    'HelmRelease',
    true,
    ['hr'],
    true,
    ['all', 'fluxcd', 'fluxcd-appliers'],
    'v2',
  ),
  ocirepositories: info(
    'ocirepositories',
    SOURCE_TOOLKIT,
    'OCIRepository',
    true,
    ['ocirepo'],
    true,
    ['fluxcd'],
    'v1',
  ),
};

/** Custom resources: present only in clusters whose scenario installs their CRDs. */
export const CUSTOM_RESOURCES: readonly KubeResource[] = ['helmreleases', 'ocirepositories'];

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
