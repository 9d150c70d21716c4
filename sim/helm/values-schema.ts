/**
 * Helm's values check: the chart's values.schema.json applied to the merged values before anything is
 * rendered, failing with Helm's own wording (the gojsonschema messages of Helm 3 before 3.18).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA_PATH = join(__dirname, '..', '..', 'schemas', 'cilium', 'values.schema.json');

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    // The chart's schema is large: unoptimised code without inlined refs compiles in a quarter of the time,
    // which every simulator start with a Cilium release pays once.
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      inlineRefs: false,
      code: { optimize: false },
    });
    compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

/** Helm's error for values the chart's schema rejects, or undefined when they pass. */
export function schemaError(chartName: string, values: unknown): string | undefined {
  const validate = validator();
  if (validate(values)) return undefined;
  const lines = [...new Set((validate.errors ?? []).map((e) => `- ${describe(e, values)}`))];
  return `values don't meet the specifications of the schema(s) in the following chart(s):\n${chartName}:\n${lines.join('\n')}\n`;
}

function describe(e: ErrorObject, root: unknown): string {
  const field = fieldOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const expected = Array.isArray(p.type) ? `[${p.type.join(',')}]` : String(p.type);
      return `${field}: Invalid type. Expected: ${expected}, given: ${jsonType(valueAt(root, e.instancePath))}`;
    }
    case 'enum':
      return `${field}: ${field} must be one of the following: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `${field}: Additional property ${String(p.additionalProperty)} is not allowed`;
    case 'required':
      return `${field}: ${String(p.missingProperty)} is required`;
    case 'anyOf':
      return `${field}: Must validate at least one schema (anyOf)`;
    case 'oneOf':
      return `${field}: Must validate one and only one schema (oneOf)`;
    default:
      return `${field}: ${e.message ?? 'is invalid'}`;
  }
}

/** gojsonschema's field names: "ipam.mode", "(root)" for the top. */
function fieldOf(instancePath: string): string {
  if (!instancePath) return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let cur = root;
  for (const seg of instancePath.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}
