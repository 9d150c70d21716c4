/** Version and API discovery documents, enough for kubectl and client libraries to find our resources. */
import { RESOURCES, type ResourceInfo } from './resources';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

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

/** The named groups with a resource `serves` accepts, each with its one version. */
function groups(serves: (r: ResourceInfo) => boolean): Map<string, string> {
  const found = new Map<string, string>();
  for (const r of Object.values(RESOURCES)) if (r.group && serves(r)) found.set(r.group, r.version);
  return found;
}

function group(name: string, v: string): Record<string, unknown> {
  const version = { groupVersion: `${name}/${v}`, version: v };
  return { name, versions: [version], preferredVersion: version };
}

export function groupList(serves: (r: ResourceInfo) => boolean = () => true): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(serves)].map(([name, v]) => group(name, v)),
  };
}

export function apiGroup(
  name: string,
  serves: (r: ResourceInfo) => boolean = () => true,
): Record<string, unknown> | undefined {
  const v = groups(serves).get(name);
  return v ? { kind: 'APIGroup', apiVersion: 'v1', ...group(name, v) } : undefined;
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
export function resourceList(
  groupName: string,
  serves: (r: ResourceInfo) => boolean = () => true,
): Record<string, unknown> | undefined {
  const members = Object.values(RESOURCES).filter((r) => r.group === groupName && serves(r));
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
    groupVersion: groupName ? `${groupName}/${members[0]!.version}` : 'v1',
    resources,
  };
}
