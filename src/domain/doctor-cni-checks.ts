import { sameCidrs } from './cni/cni-running';
import type { Check, CheckItem } from './doctor-check';
import type { WorkloadFacts } from './facts';
import { confinedToHybridNodes, excludesHybridNodes } from './node-affinity';

const HYBRID_ONLY_AFFINITY =
  'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution with eks.amazonaws.com/compute-type In [hybrid]';

export const vpcCniAddon: Check = (facts) => {
  const title = 'AWS VPC CNI add-on ACTIVE';
  const addon = facts.addons.find((a) => a.name === 'vpc-cni');
  if (addon?.status === 'ACTIVE') {
    return {
      id: 'vpc-cni-addon',
      title,
      result: 'pass',
      found: `vpc-cni${addon.version ? ` ${addon.version}` : ''} is ACTIVE.`,
    };
  }
  if (addon === undefined) {
    const selfManaged = facts.workloads.awsNode !== undefined;
    return {
      id: 'vpc-cni-addon',
      title,
      result: selfManaged ? 'warn' : 'fail',
      found: selfManaged
        ? 'The VPC CNI runs self-managed (aws-node exists) rather than as the EKS add-on.'
        : 'Neither the vpc-cni add-on nor the aws-node DaemonSet exists: cloud workers have no CNI.',
      fix: `aws eks create-addon --cluster-name ${facts.name} --addon-name vpc-cni`,
    };
  }
  const transient = ['CREATING', 'UPDATING'].includes(addon.status);
  return {
    id: 'vpc-cni-addon',
    title,
    result: transient ? 'warn' : 'fail',
    found: `vpc-cni is ${addon.status}.`,
    fix: transient
      ? 'Wait for the add-on to finish, then run the doctor again.'
      : `Check its health: aws eks describe-addon --cluster-name ${facts.name} --addon-name vpc-cni.`,
  };
};

export const awsNodeAffinity: Check = (facts) => {
  const title = 'aws-node stays off hybrid nodes';
  const awsNode = facts.workloads.awsNode;
  if (awsNode === undefined) {
    return {
      id: 'aws-node-affinity',
      title,
      result: 'fail',
      found: 'The aws-node DaemonSet is missing from kube-system.',
      fix: 'Install the vpc-cni add-on: the cloud workers need it.',
    };
  }
  if (excludesHybridNodes(awsNode.requiredNodeSelectorTerms)) {
    return {
      id: 'aws-node-affinity',
      title,
      result: 'pass',
      found: 'aws-node excludes compute-type hybrid.',
    };
  }
  return {
    id: 'aws-node-affinity',
    title,
    result: 'fail',
    found: 'aws-node may be scheduled on hybrid nodes, which breaks their networking.',
    fix: 'Restore the default affinity: every node selector term needs eks.amazonaws.com/compute-type NotIn [fargate, hybrid, auto].',
  };
};

function ciliumCheck(id: string, what: string, workload: WorkloadFacts | undefined): CheckItem {
  const title = `Cilium ${what} only on hybrid nodes`;
  if (workload === undefined) {
    return {
      id,
      title,
      result: 'warn',
      found: `No Cilium ${what} found: no hybrid node can become Ready without a CNI.`,
      fix: 'Install Cilium 1.17 or 1.18 with the AWS-recommended hybrid values (affinity to compute-type hybrid).',
    };
  }
  if (confinedToHybridNodes(workload.requiredNodeSelectorTerms)) {
    return {
      id,
      title,
      result: 'pass',
      found: `${workload.namespace}/${workload.name} requires compute-type hybrid.`,
    };
  }
  return {
    id,
    title,
    result: 'fail',
    found: `${workload.namespace}/${workload.name} may run on cloud workers, where it conflicts with the VPC CNI.`,
    fix: `Set ${what === 'agent' ? '' : 'operator.'}${HYBRID_ONLY_AFFINITY} in the Cilium values and upgrade the release.`,
  };
}

export const ciliumAgentAffinity: Check = (facts) =>
  ciliumCheck('cilium-agent-affinity', 'agent', facts.workloads.ciliumAgent);

export const ciliumOperatorAffinity: Check = (facts) =>
  ciliumCheck('cilium-operator-affinity', 'operator', facts.workloads.ciliumOperator);

/**
 * Cilium hands hybrid-node pods addresses from its cluster pool; EKS routes to them only when that
 * pool is the cluster's remote pod networks. The pool never changes after install.
 */
export const ciliumPodCidrs: Check = (facts) => {
  const id = 'cilium-pod-cidrs';
  const title = "Cilium's pod CIDRs are the remote pod networks";
  const remote = facts.cluster.remotePodNetworks;
  const ipam = facts.ciliumIpam;
  if (!facts.workloads.ciliumAgent) {
    return {
      id,
      title,
      result: 'warn',
      found: 'No Cilium agent: no pod CIDRs to compare.',
      fix: 'Install Cilium: `/hybrid cni set ' + facts.name + ' --cilium <version>`.',
    };
  }
  if (!ipam || ipam.podCidrs.length === 0) {
    return {
      id,
      title,
      result: 'warn',
      found:
        ipam?.mode && ipam.mode !== 'cluster-pool'
          ? `Cilium's IPAM mode is ${ipam.mode}, not cluster-pool.`
          : 'kube-system/cilium-config names no cluster-pool pod CIDRs.',
      fix:
        'AWS recommends ipam.mode cluster-pool with clusterPoolIPv4PodCIDRList = the remote pod networks: see `/hybrid cni show ' +
        facts.name +
        '`.',
    };
  }
  if (remote.length === 0) {
    return {
      id,
      title,
      result: 'fail',
      found: `Cilium hands out ${ipam.podCidrs.join(', ')}, but the cluster has no remote pod networks: the VPC cannot route to pods on hybrid nodes.`,
      fix: `aws eks update-cluster-config --name ${facts.name} --remote-network-config 'remoteNodeNetworks=[…],remotePodNetworks=[{cidrs=[${ipam.podCidrs.join(',')}]}]'`,
    };
  }
  if (sameCidrs(ipam.podCidrs, remote)) {
    return {
      id,
      title,
      result: 'pass',
      found: `Cilium's pool ${ipam.podCidrs.join(', ')} = the remote pod networks.`,
    };
  }
  return {
    id,
    title,
    result: 'fail',
    found: `Cilium hands out ${ipam.podCidrs.join(', ')}; the remote pod networks are ${remote.join(', ')}: pods outside them are unreachable from the VPC and the control plane.`,
    fix: 'clusterPoolIPv4PodCIDRList cannot change after install: make the remote pod networks match it (aws eks update-cluster-config … remotePodNetworks), or reinstall Cilium with them.',
  };
};
