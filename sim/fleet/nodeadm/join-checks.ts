import type { Fleet } from '../fleet';
import { cidrContains } from '../ip';
import { kubeletVersion, skewProblem } from '../kube-versions';
import type { Cluster, Host } from '../types';
import type { NodeConfig } from './node-config';
import { hostRoleName } from './ssm-init';

const TROUBLESHOOTING =
  'See https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-troubleshooting.html';

/** nodeadm init's checks against the cluster, in its order and wording; undefined when the host may join. */
export function checkJoin(
  fleet: Fleet,
  cluster: Cluster | undefined,
  config: NodeConfig,
  host: Host,
  version: string,
): string | undefined {
  if (!cluster) {
    return `retrieving cluster details: operation error EKS: DescribeCluster, ResourceNotFoundException: No cluster found for name: ${config.clusterName}.`;
  }
  if (cluster.status !== 'ACTIVE') return 'eks cluster is not active';
  const networks = cluster.remoteNodeNetworks;
  if (!networks)
    return 'eks cluster does not have remoteNetworkConfig enabled, which is required for Hybrid Nodes';
  if (!networks.some((c) => cidrContains(c, host.ip))) {
    return `node IP ${host.ip} is not in any of the remote network CIDR blocks: [${networks.join(' ')}]. ${TROUBLESHOOTING} or use --skip node-ip-validation`;
  }
  const accessProblem = checkAccessEntry(fleet, cluster, host, config);
  if (accessProblem) return accessProblem;
  const kubelet = kubeletVersion(version);
  const apiServer = kubeletVersion(cluster.version);
  const skew = skewProblem(version, cluster.version);
  if (skew && 'tooNew' in skew)
    return `kubelet version ${kubelet} is newer than kube-apiserver version ${apiServer}`;
  if (skew) {
    return `kubelet version ${kubelet} is too old for kube-apiserver version ${apiServer}; maximum supported version skew is 3 minor versions`;
  }
  return undefined;
}

function checkAccessEntry(
  fleet: Fleet,
  cluster: Cluster,
  host: Host,
  config: NodeConfig,
): string | undefined {
  const remediation =
    'Ensure the Hybrid node IAM role has an access entry of type HYBRID_LINUX in the cluster: https://docs.aws.amazon.com/eks/latest/userguide/hybrid-nodes-creds.html';
  if (cluster.authenticationMode === 'CONFIG_MAP') {
    return `fetching access entries from cluster: operation error EKS: ListAccessEntries, InvalidRequestException: The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation. ${remediation}`;
  }
  const role = hostRoleName(fleet, host, config);
  const found = [...cluster.accessEntries.values()].some(
    (e) => e.type === 'HYBRID_LINUX' && role !== undefined && e.principalArn.split('/').pop() === role,
  );
  return found
    ? undefined
    : `missing access entry of type HYBRID_LINUX with Hybrid Node role principal: ${role ?? ''}. ${remediation}`;
}
