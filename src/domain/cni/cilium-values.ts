import Ajv, { type ValidateFunction } from 'ajv';
import chartSchema from '../../../schemas/cilium/values.schema.json';
import { COMPUTE_TYPE_LABEL } from '../facts';
import { mergeValues, type Values } from './helm-values';

/** AWS's per-node pod block: /25 gives each hybrid node 126 pod addresses. */
export const DEFAULT_POD_MASK_SIZE = 25;

export const HYBRID_ONLY_NODE_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: COMPUTE_TYPE_LABEL, operator: 'In', values: ['hybrid'] }] },
      ],
    },
  },
};

/**
 * cilium-operator tolerates every taint by default and comes straight back on a node being drained;
 * AWS's own tests keep it to these two, so a cordoned node is left alone.
 */
export const OPERATOR_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
  { key: 'node.cilium.io/agent-not-ready', operator: 'Exists' },
];

/**
 * AWS's recommended values for Cilium on EKS Hybrid Nodes (hybrid-nodes-cni, and aws/eks-hybrid's
 * own test values): agent and operator on hybrid nodes only, cluster-pool IPAM over the cluster's
 * remote pod networks, no Envoy, one operator with restricted tolerations.
 */
export function recommendedHybridValues(remotePodNetworks: readonly string[]): Values {
  return {
    affinity: structuredClone(HYBRID_ONLY_NODE_AFFINITY),
    ipam: {
      mode: 'cluster-pool',
      operator: {
        clusterPoolIPv4PodCIDRList: [...remotePodNetworks],
        clusterPoolIPv4MaskSize: DEFAULT_POD_MASK_SIZE,
      },
    },
    loadBalancer: { serviceTopology: true },
    operator: {
      affinity: structuredClone(HYBRID_ONLY_NODE_AFFINITY),
      unmanagedPodWatcher: { restart: false },
      replicas: 1,
      tolerations: structuredClone(OPERATOR_TOLERATIONS),
    },
    envoy: { enabled: false },
    kubeProxyReplacement: 'false',
  };
}

/** One value the chart's schema refuses, by its path (`operator.replicas`). */
export interface ValuesProblem {
  path: string;
  message: string;
}

export type RenderedValues = { ok: true; values: Values } | { ok: false; problems: ValuesProblem[] };

let validator: ValidateFunction | undefined;

/** Checks values against the chart's own values.schema.json, as `helm install` does. */
export function validateCiliumValues(values: Values): ValuesProblem[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(chartSchema);
  if (validator(values)) return [];
  const seen = new Set<string>();
  const problems: ValuesProblem[] = [];
  for (const e of validator.errors ?? []) {
    // anyOf reports each branch; one line per path and message is what a person needs.
    if (e.keyword === 'anyOf') continue;
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
    const line = `${path} ${e.message ?? 'is not valid'}`;
    if (seen.has(line)) continue;
    seen.add(line);
    problems.push({ path, message: e.message ?? 'is not valid' });
  }
  return problems;
}

/** AWS's recommended values for the cluster's pod networks, with the team's overrides merged over them, checked. */
export function renderCiliumValues(remotePodNetworks: readonly string[], overrides: Values): RenderedValues {
  const values = mergeValues(recommendedHybridValues(remotePodNetworks), overrides);
  const problems = validateCiliumValues(values);
  return problems.length === 0 ? { ok: true, values } : { ok: false, problems };
}
