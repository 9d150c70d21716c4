import { COMPUTE_TYPE_LABEL, type NodeSelectorTerm } from '../facts';

const EXCLUDED = { key: COMPUTE_TYPE_LABEL, operator: 'NotIn', values: ['fargate', 'hybrid', 'auto'] };

/** The VPC CNI chart's default aws-node affinity: Linux, amd64/arm64, never Fargate, hybrid or Auto Mode nodes. */
export const AWS_NODE_DEFAULT_TERMS: NodeSelectorTerm[] = [
  {
    matchExpressions: [
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
      EXCLUDED,
    ],
  },
];

/**
 * aws-node's node selector terms with every term keeping it off hybrid nodes: a term's own
 * compute-type rule is replaced by the default's; no terms at all get the default.
 */
export function awsNodeTermsExcludingHybrid(
  terms: readonly NodeSelectorTerm[] | undefined,
): NodeSelectorTerm[] {
  if (!terms || terms.length === 0) return structuredClone(AWS_NODE_DEFAULT_TERMS);
  return terms.map((t) => ({
    matchExpressions: [
      ...(t.matchExpressions ?? []).filter((e) => e.key !== COMPUTE_TYPE_LABEL),
      structuredClone(EXCLUDED),
    ],
  }));
}

/** The affinity as a pod spec (and the vpc-cni add-on's `affinity` configuration value) holds it. */
export function requiredAffinity(terms: NodeSelectorTerm[]) {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } };
}
