/** Helm chart values: a tree of maps, lists and scalars, as a values.yaml holds them. */
export type Values = { [key: string]: unknown };

export function isMap(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Helm's coalescing of values: maps merge key by key, lists and scalars replace, and a null
 * removes the key (as `--set key=null` does).
 */
export function mergeValues(base: Values, overrides: Values): Values {
  const out: Values = structuredClone(base);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k] as Values, v);
    else out[k] = structuredClone(v);
  }
  return out;
}

/** The value at a dotted path (`operator.replicas`), or undefined. */
export function valueAt(values: Values, path: string): unknown {
  let at: unknown = values;
  for (const part of path.split('.')) {
    if (!isMap(at)) return undefined;
    at = at[part];
  }
  return at;
}

/**
 * Every leaf as `path = value` (lists as JSON, their maps' keys sorted, so that the same toleration
 * read back from the cluster in another key order compares equal), sorted: what a readable diff of
 * values compares.
 */
export function flattenValues(values: Values, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(values)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const [p, leaf] of flattenValues(v, path)) out.set(p, leaf);
    } else out.set(path, JSON.stringify(v, sortedKeys));
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** JSON.stringify's replacer: maps with their keys in code-point order. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
