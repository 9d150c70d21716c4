import { AGENT_MIN_DISK_GIB, isCloudWorker, qualifyingAgentNodes } from './agent-nodes';
import { type Check, listSome } from './doctor-check';
import { isHybridNode } from './facts';
import { checkKubeletSkew } from './kubernetes-version';
import { ipInAnyCidr } from './network';

const AGENT_NODE_NEED = `a cloud worker of t3.xlarge capacity or more (4 vCPU, 16 GiB, ${AGENT_MIN_DISK_GIB} GB disk)`;

export const agentNode: Check = (facts) => {
  const title = 'A cloud worker Ready to host the management agent';
  const qualifying = qualifyingAgentNodes(facts);
  const ready = qualifying.filter((q) => q.node.ready);
  const cloudWorkers = facts.nodes.filter(isCloudWorker).length;
  const found = `${ready.length} of ${cloudWorkers} cloud workers qualify and are Ready${ready.length > 0 ? ` (${listSome(ready.map((q) => q.node.name))})` : ''}.`;
  if (ready.length >= 2) return { id: 'agent-node', title, result: 'pass', found };
  if (ready.length === 1) {
    return {
      id: 'agent-node',
      title,
      result: 'warn',
      found: `${found} No headroom while that node is replaced or upgraded.`,
      fix: 'Raise the node group minSize and desiredSize to 2.',
    };
  }
  return {
    id: 'agent-node',
    title,
    result: 'fail',
    found,
    fix: `Add a managed node group with ${AGENT_NODE_NEED} and minSize 1 or more.`,
  };
};

export const agentNodegroupMinSize: Check = (facts) => {
  const title = 'Agent node group never scales to zero';
  const groups = new Map(
    qualifyingAgentNodes(facts).flatMap((q) =>
      q.nodegroup ? [[q.nodegroup.name, q.nodegroup] as const] : [],
    ),
  );
  const kept = [...groups.values()].filter((group) => group.scalingConfig.minSize >= 1);
  if (kept.length > 0) {
    return {
      id: 'agent-nodegroup-min-size',
      title,
      result: 'pass',
      found: listSome(kept.map((g) => `${g.name} minSize ${g.scalingConfig.minSize}`)),
    };
  }
  return {
    id: 'agent-nodegroup-min-size',
    title,
    result: 'fail',
    found:
      groups.size === 0
        ? 'No managed node group holds a qualifying worker.'
        : `${listSome([...groups.keys()])} may scale to zero (minSize 0).`,
    fix: `Keep at least one node of ${AGENT_NODE_NEED} in a node group with minSize ≥ 1: aws eks update-nodegroup-config --scaling-config minSize=1,...`,
  };
};

export const hostIpsInRemoteNetworks: Check = (facts) => {
  const title = 'Registered hosts inside the remote node networks';
  const networks = facts.cluster.remoteNodeNetworks ?? [];
  const outside = facts.registeredHosts.filter((host) => ipInAnyCidr(host.ip, networks) === undefined);
  if (outside.length === 0) {
    const found =
      facts.registeredHosts.length === 0
        ? 'No hosts registered yet.'
        : `All ${facts.registeredHosts.length} registered hosts are inside ${networks.join(', ')}.`;
    return { id: 'host-ips', title, result: 'pass', found };
  }
  return {
    id: 'host-ips',
    title,
    result: 'fail',
    found: `${outside.length} hosts are outside the remote node networks: ${listSome(outside.map((h) => `${h.name} (${h.ip})`))}.`,
    fix: 'Add their network to the cluster remote node networks, or re-register the hosts with an address inside them.',
  };
};

export const kubeletSkew: Check = (facts) => {
  const title = 'Hybrid kubelets within version skew';
  const hybrid = facts.nodes.filter(isHybridNode);
  const outOfSkew = hybrid.flatMap((node) => {
    const skew = checkKubeletSkew(node.kubeletVersion, facts.cluster.version);
    return skew.result === 'ok' ? [] : [{ node, skew }];
  });
  if (outOfSkew.length === 0) {
    const found =
      hybrid.length === 0
        ? 'No hybrid nodes yet.'
        : `All ${hybrid.length} hybrid kubelets are within skew of ${facts.cluster.version}.`;
    return { id: 'kubelet-skew', title, result: 'pass', found };
  }
  const tooNew = outOfSkew.some(({ skew }) => skew.result === 'too-new');
  return {
    id: 'kubelet-skew',
    title,
    result: 'fail',
    found: `${outOfSkew.length} hybrid nodes are out of skew with ${facts.cluster.version}: ${listSome(outOfSkew.map(({ node }) => `${node.name} (${node.kubeletVersion})`))}.`,
    fix: tooNew
      ? 'A kubelet newer than the control plane is unsupported: upgrade the cluster or reinstall those nodes with its version.'
      : 'Drain each node and run nodeadm upgrade, one minor version and one node at a time.',
  };
};
