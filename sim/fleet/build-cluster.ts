import { parse } from 'yaml';
import { KubeStore } from '../kube/store';
import type { ClusterSpec } from '../scenario/schema';
import { accessEntryArn } from './access-entry-arn';
import { applyAddonConfiguration } from './addon-configuration';
import type { Fleet } from './fleet';
import { securityGroupId, subnetId, uuid, vpcId } from './ids';
import { installCilium, installFlux } from './install-cni';
import { addressInCidr } from './ip';
import { kubeletRunning } from './kubelet-running';
import { refreshAllNodes } from './node-health';
import type { Cluster, NodeGroup } from './types';
import { workerNode } from './worker-nodes';
import { app, managementAgent } from './workloads/app-workloads';
import { WorkloadController } from './workloads/controller';
import { namespace } from './workloads/manifests';
import { awsNode, coreDns } from './workloads/system-workloads';

const ZONES = ['a', 'b', 'c'];

/** Adds a cluster with its node groups' workers and its system workloads, reconciled and ready to serve. */
export function buildCluster(fleet: Fleet, spec: ClusterSpec): Cluster {
  const now = fleet.now();
  const arn = `arn:aws:eks:${spec.region}:${fleet.account}:cluster/${spec.name}`;
  const store = new KubeStore({
    now: () => fleet.now(),
    kubeletRunning: (nodeName) => kubeletRunning(fleet, spec.name, nodeName),
  });
  fleet.effects.watchCluster(spec.name, store);
  const subnetIds = ZONES.map(() => subnetId());
  const cluster: Cluster = {
    name: spec.name,
    arn,
    region: spec.region,
    version: spec.version,
    platformVersion: 'eks.20',
    status: spec.status,
    createdAt: now,
    roleArn: `arn:aws:iam::${fleet.account}:role/eksClusterRole`,
    authenticationMode: spec.authenticationMode,
    serviceIpv4Cidr: spec.serviceIpv4Cidr,
    vpcCidr: spec.vpcCidr,
    vpcId: vpcId(),
    subnetIds,
    clusterSecurityGroupId: securityGroupId(),
    remoteNodeNetworks: spec.remoteNodeNetworks,
    remotePodNetworks: spec.remotePodNetworks,
    nodeGroups: new Map(),
    addons: new Map(
      spec.addons.map((a) => [a.name, { ...a, createdAt: now, modifiedAt: now, updates: new Map() }]),
    ),
    accessEntries: new Map(),
    tags: {},
    store,
    endpoint: '',
  };
  for (const e of spec.accessEntries) {
    cluster.accessEntries.set(e.principalArn, {
      principalArn: e.principalArn,
      type: e.type,
      username: e.type === 'STANDARD' ? e.principalArn : `system:node:{{SessionName}}`,
      kubernetesGroups: e.kubernetesGroups,
      arn: accessEntryArn(cluster, fleet.account, e.principalArn),
      tags: {},
      createdAt: now,
    });
  }
  fleet.clusters.set(cluster.name, cluster);

  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    store.create('namespaces', namespace(ns));
  let workerIndex = 0;
  for (const g of spec.nodeGroups) {
    const group = nodeGroupOf(fleet, cluster, g, now);
    cluster.nodeGroups.set(group.name, group);
    for (let i = 0; i < group.desiredSize; i++, workerIndex++) {
      const zone = `${spec.region}${ZONES[workerIndex % ZONES.length]}`;
      const ip = addressInCidr(spec.vpcCidr, 256 * (workerIndex % ZONES.length) + 10 + workerIndex);
      const node = store.create('nodes', workerNode(cluster, group, ip, zone, now));
      group.nodeNames.push(node.metadata.name);
    }
  }
  store.create('daemonsets', awsNode(spec.region));
  for (const o of coreDns(spec.region))
    store.create(o.kind === 'Deployment' ? 'deployments' : 'poddisruptionbudgets', o);
  // After the objects they configure exist, or a scenario's coredns values would be lost.
  for (const a of spec.addons)
    if (a.configurationValues) applyAddonConfiguration(store, a.name, parse(a.configurationValues) ?? {});
  if (spec.flux || spec.cilium?.owner === 'flux') {
    const flux = installFlux(store, fleet.options.clock, fleet.options.fluxPollMs);
    fleet.flux.set(cluster.name, flux);
  }
  if (spec.cilium) installCilium(fleet, cluster, spec.cilium, spec.remotePodNetworks ?? ['10.0.0.0/8']);
  for (const a of spec.apps) {
    if (!store.get('namespaces', a.namespace)) store.create('namespaces', namespace(a.namespace));
    for (const o of app(a)) store.create(o.kind === 'Deployment' ? 'deployments' : 'poddisruptionbudgets', o);
  }
  if (spec.managementAgent) {
    store.create('namespaces', namespace(spec.managementAgent.namespace));
    store.create('deployments', managementAgent(spec.managementAgent));
  }
  const controller = new WorkloadController(store, fleet.options.clock, (at, fn) => fleet.atSimTime(at, fn));
  controller.reconcile();
  fleet.controllers.set(cluster.name, controller);
  // Installing or re-targeting a CNI changes whether hybrid nodes can become Ready.
  store.watch('daemonsets', (ev) => {
    const specChanged =
      ev.type !== 'MODIFIED' || ev.object.metadata.generation !== ev.previous?.metadata.generation;
    if (specChanged) fleet.later(0, () => refreshAllNodes(fleet, cluster));
  });
  return cluster;
}

function nodeGroupOf(
  fleet: Fleet,
  cluster: Cluster,
  g: ClusterSpec['nodeGroups'][number],
  now: Date,
): NodeGroup {
  const desiredSize = g.desiredSize ?? Math.max(g.minSize, 1);
  return {
    name: g.name,
    arn: `arn:aws:eks:${cluster.region}:${fleet.account}:nodegroup/${cluster.name}/${g.name}/${uuid()}`,
    instanceType: g.instanceType,
    diskSize: g.diskSize,
    minSize: g.minSize,
    maxSize: g.maxSize ?? Math.max(desiredSize, g.minSize, 1),
    desiredSize,
    status: g.status,
    amiType: 'AL2023_x86_64_STANDARD',
    capacityType: 'ON_DEMAND',
    releaseVersion: `${cluster.version}.0-20250116`,
    createdAt: now,
    subnetIds: cluster.subnetIds,
    nodeRole: `arn:aws:iam::${fleet.account}:role/eksNodeRole`,
    labels: g.labels,
    nodeNames: [],
  };
}
