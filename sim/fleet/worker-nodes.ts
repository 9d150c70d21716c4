import type { KubeObject } from '../kube/store';
import { ec2InstanceId } from './ids';
import { ephemeralStorageKi, INSTANCE_TYPES, ki, memoryCapacityKi } from './instance-types';
import { kubeletVersion } from './kube-versions';
import { readyConditions } from './node-conditions';
import type { Cluster, NodeGroup } from './types';

/** An EC2 worker of a managed node group, labelled the way EKS labels them. */
export function workerNode(
  cluster: Cluster,
  group: NodeGroup,
  ip: string,
  zone: string,
  now: Date,
): KubeObject {
  const type = INSTANCE_TYPES[group.instanceType] ?? { vcpu: 2, memoryGiB: 4, maxPods: 17, arch: 'amd64' };
  const name = `ip-${ip.replaceAll('.', '-')}.${cluster.region}.compute.internal`;
  const memory = memoryCapacityKi(type.memoryGiB);
  const storage = ephemeralStorageKi(group.diskSize);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': type.arch,
        'beta.kubernetes.io/instance-type': group.instanceType,
        'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/capacityType': group.capacityType,
        'eks.amazonaws.com/nodegroup': group.name,
        'eks.amazonaws.com/nodegroup-image': 'ami-0b5c6e8f1d2a3b4c5',
        'failure-domain.beta.kubernetes.io/region': cluster.region,
        'failure-domain.beta.kubernetes.io/zone': zone,
        'kubernetes.io/arch': type.arch,
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': group.instanceType,
        'topology.kubernetes.io/region': cluster.region,
        'topology.kubernetes.io/zone': zone,
        ...group.labels,
      },
      annotations: { 'alpha.kubernetes.io/provided-node-ip': ip, 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { providerID: `aws:///${zone}/${ec2InstanceId()}` },
    status: {
      capacity: {
        cpu: String(type.vcpu),
        memory: ki(memory),
        'ephemeral-storage': ki(storage),
        pods: String(type.maxPods),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
      },
      // What kubelet reserves on EKS AMIs (kube-reserved and eviction threshold), roughly.
      allocatable: {
        cpu: `${type.vcpu * 1000 - 80}m`,
        memory: ki(memory - 600 * 1024),
        'ephemeral-storage': String(Math.floor(storage * 1024 * 0.9)),
        pods: String(type.maxPods),
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
      },
      conditions: readyConditions(now),
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'InternalDNS', address: name },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        architecture: type.arch,
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.6.20250115',
        kernelVersion: '6.1.124-134.200.amzn2023.x86_64',
        containerRuntimeVersion: 'containerd://1.7.25',
        kubeletVersion: kubeletVersion(cluster.version),
        kubeProxyVersion: kubeletVersion(cluster.version),
      },
    },
  };
}
