import type { KubeObject } from '../kube/store';
import { hostKernel } from './host-facts';
import { bootId } from './host-reboot';
import { ephemeralStorageKi, ki } from './instance-types';
import { kubeletVersion } from './kube-versions';
import { readyConditions } from './node-conditions';
import type { Cluster, CredentialProvider, Host } from './types';

export interface JoinOptions {
  nodeName: string;
  provider: CredentialProvider;
  version: string;
  labels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
  /** Annotations the node already carries (written by whoever manages it, not by kubelet). */
  annotations?: Record<string, string>;
}

const OS_IMAGES: Record<string, string> = {
  'ubuntu-20.04': 'Ubuntu 20.04.6 LTS',
  'ubuntu-22.04': 'Ubuntu 22.04.5 LTS',
  'ubuntu-24.04': 'Ubuntu 24.04.1 LTS',
  'rhel-8': 'Red Hat Enterprise Linux 8.10 (Ootpa)',
  'rhel-9': 'Red Hat Enterprise Linux 9.5 (Plow)',
  al2023: 'Amazon Linux 2023.6.20250115',
};

/** The Node object nodeadm's kubelet registers for a hybrid node (NotReady until it reports otherwise). */
export function hybridNode(cluster: Cluster, host: Host, o: JoinOptions, now: Date): KubeObject {
  const memory = host.memoryGiB * 1024 * 1024;
  const storage = ephemeralStorageKi(host.diskGiB);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: o.nodeName,
      labels: {
        'beta.kubernetes.io/arch': host.arch,
        'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/compute-type': 'hybrid',
        'eks.amazonaws.com/hybrid-credential-provider': o.provider,
        'kubernetes.io/arch': host.arch,
        'kubernetes.io/hostname': o.nodeName,
        'kubernetes.io/os': 'linux',
        ...o.labels,
      },
      annotations: {
        ...o.annotations,
        'alpha.kubernetes.io/provided-node-ip': host.ip,
        'node.alpha.kubernetes.io/ttl': '0',
      },
    },
    spec: {
      providerID: `eks-hybrid:///${cluster.region}/${cluster.name}/${o.nodeName}`,
      ...(o.taints.length > 0 ? { taints: o.taints } : {}),
    },
    status: {
      capacity: { cpu: String(host.cpu), memory: ki(memory), 'ephemeral-storage': ki(storage), pods: '110' },
      allocatable: {
        cpu: `${host.cpu * 1000 - 100}m`,
        memory: ki(memory - 800 * 1024),
        'ephemeral-storage': String(Math.floor(storage * 1024 * 0.9)),
        pods: '110',
      },
      conditions: readyConditions(now, 'NotReady'),
      addresses: [
        { type: 'InternalIP', address: host.ip },
        { type: 'Hostname', address: host.name },
      ],
      nodeInfo: {
        architecture: host.arch,
        operatingSystem: 'linux',
        osImage: OS_IMAGES[host.os] ?? host.os,
        // What the kubelet reads from the host's `uname -r`.
        kernelVersion: hostKernel(host),
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: kubeletVersion(o.version),
        kubeProxyVersion: kubeletVersion(o.version),
        bootID: bootId(host),
      },
    },
  };
}
