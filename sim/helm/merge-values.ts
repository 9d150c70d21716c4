/** Helm's coalescing of user values over a chart's defaults: maps merge, anything else replaces, null removes. */
// biome-ignore lint/suspicious/noExplicitAny: Helm values are free-form YAML.
export type Values = Record<string, any>;

export function mergeValues(defaults: Values, overrides: Values): Values {
  const out: Values = structuredClone(defaults);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k], v);
    else out[k] = structuredClone(v);
  }
  return out;
}

function isMap(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
