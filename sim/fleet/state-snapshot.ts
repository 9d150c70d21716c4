import type { Fleet } from './fleet';
import { hostKernel, hostNodeadmVersion } from './host-facts';
import { currentHealth } from './node-health';

/** The whole simulated world at a glance, for tests and demos. Activation codes stay out: they are secrets. */
export function stateSnapshot(fleet: Fleet) {
  return {
    account: fleet.account,
    clusters: [...fleet.clusters.values()].map((c) => ({
      name: c.name,
      region: c.region,
      version: c.version,
      endpoint: c.endpoint,
      authenticationMode: c.authenticationMode,
      remoteNodeNetworks: c.remoteNodeNetworks ?? [],
      nodeGroups: [...c.nodeGroups.values()].map((g) => ({
        name: g.name,
        instanceType: g.instanceType,
        nodes: g.nodeNames,
      })),
    })),
    sites: [...fleet.sites].map(([name, cidr]) => ({ name, cidr, down: fleet.downSites.has(name) })),
    hosts: [...fleet.hosts.values()].map((h) => ({
      name: h.name,
      site: h.site,
      ip: h.ip,
      arch: h.arch,
      os: h.os,
      kernel: hostKernel(h),
      nodeadmVersion: hostNodeadmVersion(h),
      faults: [...(h.faults ?? [])],
      managedInstanceId: h.managedInstanceId,
      cluster: h.node.clusterName,
      nodeName: h.node.nodeName,
      kubernetesVersion: h.node.installedVersion,
      running: h.node.running,
    })),
    managedInstances: [...fleet.instances.values()].map((i) => ({
      instanceId: i.instanceId,
      name: i.name,
      ipAddress: i.ipAddress,
      pingStatus: i.pingStatus,
      activationId: i.activationId,
      iamRole: i.iamRole,
      tags: Object.fromEntries(i.tags),
    })),
    activations: [...fleet.activations.values()].map((a) => ({
      activationId: a.id,
      iamRole: a.iamRole,
      defaultInstanceName: a.defaultInstanceName,
      registrationLimit: a.registrationLimit,
      registrationsCount: a.registrationsCount,
      expirationDate: a.expirationDate.toISOString(),
      expired: a.expirationDate <= fleet.now(),
      tags: a.tags,
    })),
    nodes: [...fleet.clusters.values()].flatMap((c) =>
      c.store.list('nodes').items.map((n) => ({
        cluster: c.name,
        name: n.metadata.name,
        ready: currentHealth(n) === 'Ready',
        computeType: n.metadata.labels?.['eks.amazonaws.com/compute-type'] ?? 'ec2',
        kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
      })),
    ),
  };
}
