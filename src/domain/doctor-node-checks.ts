import {
  AGENT_MIN_DISK_GIB,
  type AgentNodeAssessment,
  assessAgentNode,
  isCloudWorker,
  qualifyingAgentNodes,
} from './agent-nodes';
import { type Check, listSome } from './doctor-check';
import { INSTANCE_TYPE_LABEL, isHybridNode, type NodegroupFacts } from './facts';
import { checkKubeletSkew } from './kubernetes-version';
import { ipInAnyCidr } from './network';

const AGENT_NODE_NEED = `a cloud worker of t3.xlarge capacity or more (4 vCPU, 16 GiB, ${AGENT_MIN_DISK_GIB} GB disk)`;

export const agentNode: Check = (facts) => {
  const title = 'A cloud worker Ready to host the management agent';
  const workers = facts.nodes.filter(isCloudWorker).map((n) => assessAgentNode(n, facts.nodegroups));
  const qualifying = workers.filter((w) => w.shortfalls.length === 0);
  const ready = qualifying.filter((q) => q.node.ready);
  const found = `${ready.length} of ${workers.length} cloud workers qualify and are Ready${ready.length > 0 ? ` (${listSome(ready.map((q) => q.node.name))})` : ''}.`;
  if (ready.length >= 2) return { id: 'agent-node', title, result: 'pass', found };
  if (ready.length === 1) {
    const group = ready[0]?.nodegroup;
    return {
      id: 'agent-node',
      title,
      result: 'warn',
      found: `${found} No headroom while that node is replaced or upgraded.`,
      fix: group
        ? `Raise node group ${group.name} to 2 nodes: ${scaleCommand(facts.name, group, 2)}`
        : 'Add a second cloud worker of the same size.',
    };
  }
  // Say which workers fell short and why, so the fix is obvious: too small, or not Ready.
  const reasons = workers.map((w) =>
    w.shortfalls.length > 0
      ? `${workerName(w)} has ${w.shortfalls.join(', ')}`
      : `${workerName(w)} is NotReady`,
  );
  return {
    id: 'agent-node',
    title,
    result: 'fail',
    found:
      reasons.length > 0 ? `${found} ${listSome(reasons, 3)}.` : `${found} The cluster has no cloud workers.`,
    fix:
      qualifying.length > 0
        ? `Find out why ${listSome(
            qualifying.map((q) => q.node.name),
            3,
          )} ${qualifying.length === 1 ? 'is' : 'are'} NotReady (kubectl describe node <name>), or replace ${qualifying.length === 1 ? 'it' : 'them'}.`
        : `Add a node group with ${AGENT_NODE_NEED}: aws eks create-nodegroup --cluster-name ${facts.name} --nodegroup-name hybrid-agent --instance-types t3.xlarge --disk-size ${AGENT_MIN_DISK_GIB} --scaling-config minSize=1,maxSize=2,desiredSize=1 --subnets <subnet-ids> --node-role <node-role-arn>`,
  };
};

/** A cloud worker as the checklist names it: node, instance type and node group. */
function workerName(w: AgentNodeAssessment): string {
  const type = w.node.labels[INSTANCE_TYPE_LABEL] ?? w.nodegroup?.instanceTypes[0];
  const where = [type, w.nodegroup ? `node group ${w.nodegroup.name}` : undefined].filter(Boolean);
  return where.length > 0 ? `${w.node.name} (${where.join(', ')})` : w.node.name;
}

function scaleCommand(cluster: string, group: NodegroupFacts, atLeast: number): string {
  const { maxSize, desiredSize } = group.scalingConfig;
  return `aws eks update-nodegroup-config --cluster-name ${cluster} --nodegroup-name ${group.name} --scaling-config minSize=${atLeast},maxSize=${Math.max(maxSize, atLeast)},desiredSize=${Math.max(desiredSize, atLeast)}`;
}

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
    fix:
      groups.size === 0
        ? `Keep at least one node of ${AGENT_NODE_NEED} in a node group with minSize ≥ 1 (see the check above for the command).`
        : [...groups.values()].map((g) => scaleCommand(facts.name, g, 1)).join('; '),
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
