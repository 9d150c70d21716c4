/** Version and API discovery documents, enough for kubectl and client libraries to find our resources. */
import { RESOURCES, type ResourceInfo } from './resources';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const GROUPS = ['apps', 'policy'] as const;

/** `/version` as EKS answers it, e.g. gitVersion v1.31.0-eks-1a2b3c4. */
export function versionInfo(kubernetesVersion: string): Record<string, string> {
  const [major = '1', minor = '31', patch = '0'] = kubernetesVersion.split('.');
  const build = Buffer.from(`${major}.${minor}.${patch}`).toString('hex').slice(-7).padStart(7, '0');
  return {
    major,
    minor: `${minor}+`,
    gitVersion: `v${major}.${minor}.${patch}-eks-${build}`,
    gitCommit: build.repeat(6).slice(0, 40),
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function group(name: string): Record<string, unknown> {
  const version = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [version], preferredVersion: version };
}

export function groupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(group) };
}

export function apiGroup(name: string): Record<string, unknown> | undefined {
  return (GROUPS as readonly string[]).includes(name)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...group(name) }
    : undefined;
}

function entry(r: ResourceInfo): Record<string, unknown> {
  return {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: VERBS,
    shortNames: r.shortNames,
    ...(r.categories ? { categories: r.categories } : {}),
  };
}

function statusEntry(r: ResourceInfo): Record<string, unknown> {
  return {
    name: `${r.resource}/status`,
    singularName: '',
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: ['get', 'patch', 'update'],
  };
}

/** APIResourceList for `/api/v1` (group '') or `/apis/{group}/v1`. */
export function resourceList(groupName: string): Record<string, unknown> | undefined {
  const members = Object.values(RESOURCES).filter((r) => r.group === groupName);
  if (members.length === 0) return undefined;
  const resources = members.flatMap((r) => [entry(r), statusEntry(r)]);
  if (groupName === '') {
    // kubectl drain looks for this subresource to know that evictions are supported, and in which group.
    resources.push({
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    });
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupName ? `${groupName}/v1` : 'v1',
    resources,
  };
}
