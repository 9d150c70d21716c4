/** The three patch types kube-apiserver accepts from kubectl and client libraries (server-side apply aside). */
import { KubeError } from './errors';

type Json = unknown;
type JsonMap = Record<string, Json>;

export type PatchType = 'merge' | 'strategic' | 'json';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

export function applyPatch(target: Json, patch: Json, type: PatchType): Json {
  if (type === 'json') return jsonPatch(target, patch);
  if (!isMap(patch)) throw invalid('a merge patch must be a JSON object');
  return type === 'merge' ? mergePatch(target, patch) : strategicMergePatch(target, patch);
}

/** RFC 7386: maps merge recursively, null deletes, anything else (lists included) replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/**
 * Strategic merge patch for the fields our objects carry: like a merge patch, except that lists the
 * Kubernetes API declares `patchStrategy: merge` are merged element by element on their merge key,
 * and kubectl's `$setElementOrder/…` and `$retainKeys` directives are ignored.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  addresses: 'type',
};

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/') || key === '$retainKeys') continue;
    const mergeKey = MERGE_KEYS[key];
    if (value === null) delete out[key];
    else if (mergeKey && Array.isArray(value) && Array.isArray(out[key])) {
      out[key] = mergeList(out[key] as Json[], value, mergeKey);
    } else out[key] = strategicMergePatch(out[key], value);
  }
  return out;
}

function mergeList(current: Json[], patch: Json[], mergeKey: string): Json[] {
  const out = [...current];
  for (const item of patch) {
    if (!isMap(item)) throw invalid(`list items merged on "${mergeKey}" must be objects`);
    const at = out.findIndex((o) => isMap(o) && o[mergeKey] === item[mergeKey]);
    const { $patch: directive, ...fields } = item;
    if (directive === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = strategicMergePatch(out[at], fields);
    else out.push(fields);
  }
  return out;
}

/** RFC 6902 operations: add, remove, replace, move, copy, test. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw invalid('a JSON patch must be a list of operations');
  let doc = structuredClone(target);
  for (const op of ops) {
    if (!isMap(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw invalid('each JSON patch operation needs "op" and "path"');
    }
    doc = applyOperation(doc, op);
  }
  return doc;
}

function applyOperation(doc: Json, op: JsonMap): Json {
  const path = op.path as string;
  switch (op.op) {
    case 'add':
      return add(doc, path, requireValue(op));
    case 'remove':
      return remove(doc, path);
    case 'replace':
      return add(remove(doc, path), path, requireValue(op));
    case 'move': {
      const value = read(doc, fromOf(op));
      return add(remove(doc, fromOf(op)), path, value);
    }
    case 'copy':
      return add(doc, path, structuredClone(read(doc, fromOf(op))));
    case 'test':
      if (JSON.stringify(read(doc, path)) !== JSON.stringify(requireValue(op))) {
        throw invalid(`testing value ${path} failed`);
      }
      return doc;
    default:
      throw invalid(`unexpected kind: ${String(op.op)}`);
  }
}

function requireValue(op: JsonMap): Json {
  if (!('value' in op)) throw invalid(`operation "${String(op.op)}" needs a "value"`);
  return op.value;
}

function fromOf(op: JsonMap): string {
  if (typeof op.from !== 'string') throw invalid(`operation "${String(op.op)}" needs "from"`);
  return op.from;
}

function tokens(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw invalid(`JSON pointer "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Returns the container of the last token, plus that token. */
function locate(doc: Json, path: string): { parent: Json; last: string } {
  const parts = tokens(path);
  const last = parts.pop();
  if (last === undefined) throw invalid('the whole document cannot be the target');
  let parent = doc;
  for (const part of parts) parent = child(parent, part, path);
  return { parent, last };
}

function child(node: Json, token: string, path: string): Json {
  if (Array.isArray(node)) {
    const i = index(node, token, path, false);
    return node[i];
  }
  if (isMap(node) && token in node) return node[token];
  throw invalid(`path ${path} does not exist`);
}

function read(doc: Json, path: string): Json {
  let node = doc;
  for (const part of tokens(path)) node = child(node, part, path);
  return node;
}

function add(doc: Json, path: string, value: Json): Json {
  if (path === '') return value;
  const { parent, last } = locate(doc, path);
  if (Array.isArray(parent))
    parent.splice(last === '-' ? parent.length : index(parent, last, path, true), 0, value);
  else if (isMap(parent)) parent[last] = value;
  else throw invalid(`path ${path} does not exist`);
  return doc;
}

function remove(doc: Json, path: string): Json {
  const { parent, last } = locate(doc, path);
  if (Array.isArray(parent)) parent.splice(index(parent, last, path, false), 1);
  else if (isMap(parent) && last in parent) delete parent[last];
  else throw invalid(`unable to remove nonexistent key: ${last}`);
  return doc;
}

function index(list: Json[], token: string, path: string, forInsert: boolean): number {
  const i = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : Number.NaN;
  const max = forInsert ? list.length : list.length - 1;
  if (!(i >= 0 && i <= max)) throw invalid(`index out of range in ${path}`);
  return i;
}

function isMap(v: Json): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(message: string): KubeError {
  return new KubeError(
    422,
    'Invalid',
    `the server rejected our request due to an error in our request: ${message}`,
  );
}
