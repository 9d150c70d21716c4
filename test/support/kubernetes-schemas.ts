import * as k8s from '@kubernetes/client-node';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';

// The Kubernetes API's published JSON schemas (OpenAPI), compiled to validators by ajv, as the
// kubernetes-models packages ship them: types, required fields, enums and formats.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

interface Attribute {
  baseName: string;
  type: string;
}
type Model = { getAttributeTypeMap?: () => Attribute[] };

/**
 * Fields the API does not know (a misspelt `readinesProbe` is valid JSON schema, which allows extra
 * properties; the API server rejects it under strict field validation), found from the Kubernetes
 * client's own models of every built-in type.
 */
function unknownFields(value: unknown, type: string, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type)?.[1];
  if (array)
    return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, array, `${path}[${i}]`)) : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)?.[1];
  if (map && value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => unknownFields(v, map, `${path}.${k}`));
  }
  const model = (k8s as unknown as Record<string, Model | undefined>)[type];
  if (!model?.getAttributeTypeMap || !value || typeof value !== 'object') return [];
  const attributes = model.getAttributeTypeMap();
  return Object.entries(value).flatMap(([key, v]) => {
    const attribute = attributes.find((a) => a.baseName === key);
    return attribute ? unknownFields(v, attribute.type, `${path}.${key}`) : [`${path}.${key}`];
  });
}

/** What the Kubernetes API would refuse in one manifest, one line per problem (none: []). */
export function kubernetesProblems(doc: { apiVersion?: string; kind?: string }): string[] {
  const id = `${doc.apiVersion}/${doc.kind}`;
  const Model = MODELS[id];
  if (!Model) return [`${id}: no schema here for this kind (add it to MODELS)`];
  const problems: string[] = [];
  try {
    new Model(doc as never).validate();
  } catch (err) {
    problems.push(`${id}: ${(err as Error).message}`);
  }
  const version = doc.apiVersion?.split('/').pop() ?? '';
  const builtIn = `V${version.slice(1)}${doc.kind}`;
  if ((k8s as unknown as Record<string, unknown>)[builtIn]) {
    for (const field of unknownFields(doc, builtIn, doc.kind ?? ''))
      problems.push(`${id}: unknown field ${field}`);
  }
  return problems;
}
