import { roleNameFromArn } from './activation-request';
import type { Check } from './doctor-check';
import { remoteNetworkProblems } from './remote-networks';

export const HYBRID_AUTH_MODES = ['API', 'API_AND_CONFIG_MAP'];

export const hybridEnabled: Check = (facts) => {
  const networks = facts.cluster.remoteNodeNetworks ?? [];
  const title = 'Hybrid nodes enabled';
  if (networks.length > 0) {
    return {
      id: 'hybrid-enabled',
      title,
      result: 'pass',
      found: `Remote node networks: ${networks.join(', ')}.`,
    };
  }
  return {
    id: 'hybrid-enabled',
    title,
    result: 'fail',
    found: 'The cluster has no remote network configuration.',
    fix: `Enable hybrid nodes: aws eks update-cluster-config --name ${facts.name} --remote-network-config '{"remoteNodeNetworks":[{"cidrs":["<on-prem node CIDR>"]}]}'.`,
  };
};

export const remoteNetworks: Check = (facts) => {
  const title = 'Remote networks private and not overlapping';
  const { cluster } = facts;
  if ((cluster.remoteNodeNetworks ?? []).length === 0) {
    return {
      id: 'remote-networks',
      title,
      result: 'fail',
      found: 'No remote node networks to check.',
      fix: 'Give the cluster RFC 1918 remote node (and pod) networks that overlap neither the VPC nor the service CIDR.',
    };
  }
  const problems = remoteNetworkProblems({
    remoteNodeNetworks: cluster.remoteNodeNetworks ?? [],
    remotePodNetworks: cluster.remotePodNetworks,
    vpcCidrs: cluster.vpcCidrs,
    ...(cluster.serviceCidr ? { serviceCidr: cluster.serviceCidr } : {}),
  });
  if (problems.length === 0) {
    const pods = cluster.remotePodNetworks.length > 0 ? cluster.remotePodNetworks.join(', ') : 'none';
    return {
      id: 'remote-networks',
      title,
      result: 'pass',
      found: `Node and pod (${pods}) networks are valid.`,
    };
  }
  return {
    id: 'remote-networks',
    title,
    result: 'fail',
    found: problems.join(' '),
    fix: `Change the remote networks: aws eks update-cluster-config --name ${facts.name} --remote-network-config '{"remoteNodeNetworks":[{"cidrs":["<on-prem node CIDR>"]}],"remotePodNetworks":[{"cidrs":["<on-prem pod CIDR>"]}]}'.`,
  };
};

export const authenticationMode: Check = (facts) => {
  const mode = facts.cluster.authenticationMode;
  const title = 'Authentication mode allows access entries';
  if (HYBRID_AUTH_MODES.includes(mode)) {
    return { id: 'authentication-mode', title, result: 'pass', found: `Authentication mode is ${mode}.` };
  }
  return {
    id: 'authentication-mode',
    title,
    result: 'fail',
    found: `Authentication mode is ${mode || 'unknown'}; hybrid nodes need API or API_AND_CONFIG_MAP.`,
    fix: `aws eks update-cluster-config --name ${facts.name} --access-config authenticationMode=API_AND_CONFIG_MAP`,
  };
};

/** Role ARNs compared without their IAM path, which access entries may or may not keep. */
function sameRole(a: string, b: string): boolean {
  const account = (arn: string) => arn.split(':')[4];
  return (
    a === b ||
    (account(a) === account(b) &&
      roleNameFromArn(a) !== undefined &&
      roleNameFromArn(a) === roleNameFromArn(b))
  );
}

export const hybridAccessEntry: Check = (facts) => {
  const title = 'HYBRID_LINUX access entry for the hybrid nodes role';
  const hybridEntries = facts.accessEntries.filter((entry) => entry.type === 'HYBRID_LINUX');
  const role = facts.hybridNodesRoleArn;
  if (role === undefined) {
    return {
      id: 'hybrid-access-entry',
      title,
      result: hybridEntries.length > 0 ? 'warn' : 'fail',
      found: `The hybrid nodes role ARN is not configured; ${hybridEntries.length} HYBRID_LINUX access entries exist.`,
      fix: `Set roleArn for ${facts.name} in the bot's configuration so the entry can be checked.`,
    };
  }
  if (hybridEntries.some((entry) => sameRole(entry.principalArn, role))) {
    return {
      id: 'hybrid-access-entry',
      title,
      result: 'pass',
      found: `${role} has a HYBRID_LINUX access entry.`,
    };
  }
  const other = facts.accessEntries.find((entry) => sameRole(entry.principalArn, role));
  return {
    id: 'hybrid-access-entry',
    title,
    result: 'fail',
    found: other
      ? `${role} has an access entry of type ${other.type}, not HYBRID_LINUX.`
      : `No access entry for ${role}: hybrid nodes cannot join.`,
    fix: `${other ? `An entry's type cannot change: aws eks delete-access-entry --cluster-name ${facts.name} --principal-arn ${other.principalArn}, then ` : ''}aws eks create-access-entry --cluster-name ${facts.name} --principal-arn ${role} --type HYBRID_LINUX`,
  };
};
