/** Server-side printing: the meta.k8s.io/v1 Table kubectl asks for, with the columns kubectl shows. */
import type { KubeObject, KubeResource } from './types';

type Cell = string | number;
interface Column {
  name: string;
  type: 'string' | 'integer';
  /** 0 = always shown; 1 = shown with -o wide. */
  priority: 0 | 1;
  cell: (o: KubeObject, now: Date) => Cell;
}

const age: Column = { name: 'Age', type: 'string', priority: 0, cell: (o, now) => humanAge(o, now) };
const name: Column = { name: 'Name', type: 'string', priority: 0, cell: (o) => o.metadata.name };
const col = (
  n: string,
  cell: Column['cell'],
  type: Column['type'] = 'string',
  priority: 0 | 1 = 0,
): Column => ({
  name: n,
  type,
  priority,
  cell,
});
const orNone = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const containers = (o: KubeObject): { name: string; image: string }[] =>
  o.spec?.template?.spec?.containers ?? [];
const workloadWide = [
  col(
    'Containers',
    (o) =>
      orNone(
        containers(o)
          .map((c) => c.name)
          .join(','),
      ),
    'string',
    1,
  ),
  col(
    'Images',
    (o) =>
      orNone(
        containers(o)
          .map((c) => c.image)
          .join(','),
      ),
    'string',
    1,
  ),
  col('Selector', (o) => orNone(selectorText(o.spec?.selector?.matchLabels)), 'string', 1),
];

const COLUMNS: Record<KubeResource, Column[]> = {
  nodes: [
    name,
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    age,
    col('Version', (o) => orNone(o.status?.nodeInfo?.kubeletVersion)),
    col('Internal-IP', (o) => nodeAddress(o, 'InternalIP'), 'string', 1),
    col('External-IP', (o) => nodeAddress(o, 'ExternalIP'), 'string', 1),
    col('OS-Image', (o) => orNone(o.status?.nodeInfo?.osImage), 'string', 1),
    col('Kernel-Version', (o) => orNone(o.status?.nodeInfo?.kernelVersion), 'string', 1),
    col('Container-Runtime', (o) => orNone(o.status?.nodeInfo?.containerRuntimeVersion), 'string', 1),
  ],
  pods: [
    name,
    col('Ready', podReady),
    col('Status', (o) => (o.metadata.deletionTimestamp ? 'Terminating' : orNone(o.status?.phase))),
    col('Restarts', (o) => podStatuses(o).reduce((n, c) => n + num(c.restartCount), 0), 'integer'),
    age,
    col('IP', (o) => orNone(o.status?.podIP), 'string', 1),
    col('Node', (o) => orNone(o.spec?.nodeName), 'string', 1),
  ],
  daemonsets: [
    name,
    col('Desired', (o) => num(o.status?.desiredNumberScheduled), 'integer'),
    col('Current', (o) => num(o.status?.currentNumberScheduled), 'integer'),
    col('Ready', (o) => num(o.status?.numberReady), 'integer'),
    col('Up-to-date', (o) => num(o.status?.updatedNumberScheduled), 'integer'),
    col('Available', (o) => num(o.status?.numberAvailable), 'integer'),
    col('Node Selector', (o) => orNone(selectorText(o.spec?.template?.spec?.nodeSelector))),
    age,
    ...workloadWide,
  ],
  deployments: [
    name,
    col('Ready', (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas ?? 1)}`),
    col('Up-to-date', (o) => num(o.status?.updatedReplicas), 'integer'),
    col('Available', (o) => num(o.status?.availableReplicas), 'integer'),
    age,
    ...workloadWide,
  ],
  poddisruptionbudgets: [
    name,
    col('Min Available', (o) => String(o.spec?.minAvailable ?? 'N/A')),
    col('Max Unavailable', (o) => String(o.spec?.maxUnavailable ?? 'N/A')),
    col('Allowed Disruptions', (o) => num(o.status?.disruptionsAllowed), 'integer'),
    age,
  ],
  namespaces: [name, col('Status', (o) => o.status?.phase ?? 'Active'), age],
  configmaps: [name, col('Data', (o) => Object.keys(o.data ?? {}).length, 'integer'), age],
  secrets: [
    name,
    col('Type', (o) => String(o.type ?? 'Opaque')),
    col('Data', (o) => Object.keys(o.data ?? {}).length, 'integer'),
    age,
  ],
  // Custom resources: Name, then the CRD's additionalPrinterColumns.
  helmreleases: [
    name,
    age,
    col('Ready', (o) => readyCondition(o)?.status ?? ''),
    col('Status', (o) => readyCondition(o)?.message ?? ''),
  ],
  ocirepositories: [
    name,
    col('URL', (o) => String(o.spec?.url ?? '')),
    col('Ready', (o) => readyCondition(o)?.status ?? ''),
    col('Status', (o) => readyCondition(o)?.message ?? ''),
    age,
  ],
};

function readyCondition(o: KubeObject): { status?: string; message?: string } | undefined {
  return (o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
}

export type IncludeObject = 'None' | 'Object' | 'PartialObjectMetadata';

export function toTable(
  resource: KubeResource,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
  includeObject: IncludeObject,
  now: Date,
): Record<string, unknown> {
  const columns = COLUMNS[resource];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.name === 'Name' ? 'name' : '',
      description: '',
      priority: c.priority,
    })),
    rows: items.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      object: rowObject(o, includeObject),
    })),
  };
}

function rowObject(o: KubeObject, includeObject: IncludeObject): unknown {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

function nodeStatus(o: KubeObject): string {
  const ready = (o.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  const state = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  return o.spec?.unschedulable ? `${state},SchedulingDisabled` : state;
}

function nodeRoles(o: KubeObject): string {
  const prefix = 'node-role.kubernetes.io/';
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  return roles.length > 0 ? roles.sort().join(',') : '<none>';
}

function nodeAddress(o: KubeObject, type: string): string {
  return orNone((o.status?.addresses ?? []).find((a: { type: string }) => a.type === type)?.address);
}

function podStatuses(o: KubeObject): { ready?: boolean; restartCount?: number }[] {
  return o.status?.containerStatuses ?? [];
}

function podReady(o: KubeObject): string {
  const total = (o.spec?.containers ?? []).length;
  return `${podStatuses(o).filter((c) => c.ready).length}/${total}`;
}

function selectorText(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** kubectl's short ages: 45s, 3m20s, 5h, 2d3h, 400d, 3y20d. */
export function humanAge(o: KubeObject, now: Date): string {
  const created = Date.parse(o.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return '<unknown>';
  const s = Math.max(0, Math.floor((now.getTime() - created) / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  const y = Math.floor(d / 365);
  const pair = (a: number, ua: string, b: number, ub: string) =>
    b === 0 ? `${a}${ua}` : `${a}${ua}${b}${ub}`;
  if (s < 120) return `${s}s`;
  if (m < 10) return pair(m, 'm', s % 60, 's');
  if (h < 3) return `${m}m`;
  if (h < 8) return pair(h, 'h', m % 60, 'm');
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return pair(d, 'd', h % 24, 'h');
  if (d < 365 * 2) return `${d}d`;
  if (y < 8) return pair(y, 'y', d % 365, 'd');
  return `${y}y`;
}
