import { COMPUTE_TYPE_LABEL, type NodeSelectorRequirement, type NodeSelectorTerm } from './facts';

/**
 * Affinity checks on the compute-type label. Required terms are ORed, so every term must carry the
 * rule; other expressions (os, arch, custom labels) are not relied on since hybrid nodes may match them.
 */
function admitsComputeType(requirement: NodeSelectorRequirement, computeType: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return computeType !== undefined && values.includes(computeType);
    case 'NotIn':
      return computeType === undefined || !values.includes(computeType);
    case 'Exists':
      return computeType !== undefined;
    case 'DoesNotExist':
      return computeType === undefined;
    default:
      return true;
  }
}

function everyTermHas(
  terms: readonly NodeSelectorTerm[] | undefined,
  rule: (requirement: NodeSelectorRequirement) => boolean,
): boolean {
  if (terms === undefined || terms.length === 0) return false;
  return terms.every((term) =>
    (term.matchExpressions ?? []).some((r) => r.key === COMPUTE_TYPE_LABEL && rule(r)),
  );
}

/** True when the affinity keeps the workload off every hybrid node. */
export function excludesHybridNodes(terms: readonly NodeSelectorTerm[] | undefined): boolean {
  return everyTermHas(terms, (r) => !admitsComputeType(r, 'hybrid'));
}

/** True when the affinity admits hybrid nodes and nothing else (no unlabelled or EC2 node). */
export function confinedToHybridNodes(terms: readonly NodeSelectorTerm[] | undefined): boolean {
  const admitsHybrid = (terms ?? []).some((term) =>
    (term.matchExpressions ?? []).every(
      (r) => r.key !== COMPUTE_TYPE_LABEL || admitsComputeType(r, 'hybrid'),
    ),
  );
  return (
    admitsHybrid &&
    everyTermHas(
      terms,
      (r) =>
        admitsComputeType(r, 'hybrid') && !admitsComputeType(r, undefined) && !admitsComputeType(r, 'ec2'),
    )
  );
}
