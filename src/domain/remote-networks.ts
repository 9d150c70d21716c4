import { cidrsOverlap, parseCidr, remoteNetworkCidrProblem } from './network';

/** The cluster's networks as DescribeCluster reports them. */
export interface ClusterNetworks {
  remoteNodeNetworks: readonly string[];
  remotePodNetworks: readonly string[];
  vpcCidrs: readonly string[];
  serviceCidr?: string;
}

interface Named {
  label: string;
  cidr: string;
}

/** EKS's rules for remote networks: each valid, and no overlap with each other, the VPC or the service CIDR. */
export function remoteNetworkProblems(networks: ClusterNetworks): string[] {
  const remote: Named[] = [
    ...networks.remoteNodeNetworks.map((cidr) => ({ label: 'remote node network', cidr })),
    ...networks.remotePodNetworks.map((cidr) => ({ label: 'remote pod network', cidr })),
  ];
  const problems = remote.flatMap(({ label, cidr }) => {
    const problem = remoteNetworkCidrProblem(cidr);
    return problem === undefined ? [] : [`The ${label} ${problem}`];
  });
  const valid = remote.filter(({ cidr }) => remoteNetworkCidrProblem(cidr) === undefined);
  const others: Named[] = [
    ...networks.vpcCidrs.map((cidr) => ({ label: 'VPC CIDR', cidr })),
    ...(networks.serviceCidr ? [{ label: 'service CIDR', cidr: networks.serviceCidr }] : []),
  ].filter(({ cidr }) => parseCidr(cidr).ok);
  valid.forEach((a, i) => {
    for (const b of [...valid.slice(i + 1), ...others]) {
      if (cidrsOverlap(a.cidr, b.cidr)) {
        problems.push(
          `The ${a.label} ${a.cidr} overlaps the ${b.label} ${b.cidr}: choose ranges that do not overlap.`,
        );
      }
    }
  });
  return problems;
}
