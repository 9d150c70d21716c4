import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const crdFile = path.resolve(__dirname, '../../schemas/nodeadm/nodeconfig.crd.yaml');

/** Structural schemas prune unknown fields, so a misspelt field would silently vanish: forbid them here. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = closed(value);
  if ('properties' in schema && !('additionalProperties' in schema)) out.additionalProperties = false;
  return out;
}

/**
 * nodeadm's NodeConfig CRD schema, as ajv checks it. One change: the CRD types each
 * spec.kubelet.config value as an object because the Go field is a map of RawExtension, which
 * controller-gen renders that way. nodeadm decodes the file itself, where a RawExtension takes any
 * JSON value, and nodeadm's documented examples set scalars there (shutdownGracePeriod: 30s,
 * maxPods: 110). So values of any type are allowed there; everything else stays as the CRD says.
 */
export function nodeConfigSchemaValidator() {
  const crd = parse(readFileSync(crdFile, 'utf8'));
  const schema = closed(crd.spec.versions[0].schema.openAPIV3Schema) as {
    properties: {
      spec: { properties: { kubelet: { properties: { config: { additionalProperties: unknown } } } } };
    };
  };
  schema.properties.spec.properties.kubelet.properties.config.additionalProperties = {};
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  return ajv.compile(schema);
}
