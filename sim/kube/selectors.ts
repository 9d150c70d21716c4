/** Label and field selectors, parsed and matched as kube-apiserver does. */
import { badRequest } from './errors';
import type { KubeObject, KubeResource } from './types';

export interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

const KEY = '[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?';
const VALUE = '(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?';
const SET_TERM = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EQUALITY_TERM = new RegExp(`^(${KEY})\\s*(==|!=|=)\\s*(${VALUE})$`);
const EXISTS_TERM = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`; an empty selector matches everything. */
export function parseLabelSelector(selector: string | undefined): Requirement[] {
  if (!selector?.trim()) return [];
  return splitTopLevel(selector).map(parseTerm);
}

function parseTerm(raw: string): Requirement {
  const term = raw.trim();
  const set = SET_TERM.exec(term);
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    if (values.some((v) => !VALUE_ONLY.test(v))) throw invalidSelector(term);
    return { key: set[1]!, op: set[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const equality = EQUALITY_TERM.exec(term);
  if (equality)
    return { key: equality[1]!, op: equality[2] === '!=' ? 'NotIn' : 'In', values: [equality[3]!] };
  const exists = EXISTS_TERM.exec(term);
  if (exists) return { key: exists[2]!, op: exists[1] ? 'DoesNotExist' : 'Exists', values: [] };
  throw invalidSelector(term);
}

function invalidSelector(term: string) {
  return badRequest(`unable to parse requirement: found '${term}', expected a valid label selector term`);
}

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

export function matchesRequirements(
  labels: Record<string, string> | undefined,
  reqs: Requirement[],
): boolean {
  return reqs.every((r) => matchesRequirement(labels?.[r.key], r));
}

function matchesRequirement(value: string | undefined, r: Requirement): boolean {
  if (r.op === 'In') return value !== undefined && r.values.includes(value);
  if (r.op === 'NotIn') return value === undefined || !r.values.includes(value);
  return (value !== undefined) === (r.op === 'Exists');
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector as used by PodDisruptionBudgets and workloads: `{}` matches all, null matches none. */
export function matchesLabelSelectorObject(
  labels: Record<string, string> | undefined,
  selector: LabelSelectorObject | null | undefined,
): boolean {
  if (!selector) return false;
  const reqs: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({
    key,
    op: 'In',
    values: [v],
  }));
  for (const e of selector.matchExpressions ?? []) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) return false;
    reqs.push({ key: e.key, op: e.operator as Requirement['op'], values: e.values ?? [] });
  }
  return matchesRequirements(labels, reqs);
}

export interface FieldRequirement {
  path: string;
  equals: boolean;
  value: string;
}

const SUPPORTED_FIELDS: Record<KubeResource, string[]> = {
  nodes: ['metadata.name', 'spec.unschedulable'],
  pods: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'status.phase', 'spec.schedulerName'],
  namespaces: ['metadata.name', 'status.phase'],
  daemonsets: ['metadata.name', 'metadata.namespace'],
  deployments: ['metadata.name', 'metadata.namespace'],
  poddisruptionbudgets: ['metadata.name', 'metadata.namespace'],
  configmaps: ['metadata.name', 'metadata.namespace'],
  secrets: ['metadata.name', 'metadata.namespace', 'type'],
  helmreleases: ['metadata.name', 'metadata.namespace'],
  ocirepositories: ['metadata.name', 'metadata.namespace'],
};

/** Parses `metadata.name=x,spec.nodeName!=y`; only the fields kube-apiserver indexes for that resource. */
export function parseFieldSelector(resource: KubeResource, selector: string | undefined): FieldRequirement[] {
  if (!selector?.trim()) return [];
  return selector.split(',').map((raw) => {
    const m = /^\s*([A-Za-z.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(raw);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${raw}'`);
    const path = m[1]!;
    if (!SUPPORTED_FIELDS[resource].includes(path)) {
      throw badRequest(`field label not supported: ${path}`);
    }
    return { path, equals: m[2] !== '!=', value: m[3]! };
  });
}

export function matchesFields(obj: KubeObject, reqs: FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(obj, r.path) === r.value) === r.equals);
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  // An absent boolean reads as false (spec.unschedulable=false matches schedulable nodes).
  if (path === 'spec.unschedulable') return String(cur === true);
  return cur === undefined || cur === null ? '' : String(cur);
}
