import type { AccessEntry, Addon, Cluster, NodeGroup } from '../../fleet/types';
import { epochSeconds } from '../pagination';

/** DescribeCluster's `cluster`, shaped as EKS sends it. */
export function clusterShape(c: Cluster, caPem: string) {
  return {
    name: c.name,
    arn: c.arn,
    createdAt: epochSeconds(c.createdAt),
    version: c.version,
    endpoint: c.endpoint,
    roleArn: c.roleArn,
    resourcesVpcConfig: {
      subnetIds: c.subnetIds,
      securityGroupIds: [],
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      vpcId: c.vpcId,
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: c.serviceIpv4Cidr,
      ipFamily: 'ipv4',
      elasticLoadBalancing: { enabled: false },
    },
    logging: {
      clusterLogging: [
        { types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false },
      ],
    },
    identity: {
      oidc: {
        issuer: `https://oidc.eks.${c.region}.amazonaws.com/id/${c.clusterSecurityGroupId.slice(3).toUpperCase()}`,
      },
    },
    status: c.status,
    certificateAuthority: { data: Buffer.from(caPem).toString('base64') },
    platformVersion: c.platformVersion,
    tags: c.tags,
    health: { issues: [] },
    accessConfig: { authenticationMode: c.authenticationMode },
    upgradePolicy: { supportType: 'EXTENDED' },
    ...(c.remoteNodeNetworks
      ? {
          remoteNetworkConfig: {
            remoteNodeNetworks: [{ cidrs: c.remoteNodeNetworks }],
            remotePodNetworks: c.remotePodNetworks ? [{ cidrs: c.remotePodNetworks }] : [],
          },
        }
      : {}),
  };
}

export function nodegroupShape(c: Cluster, g: NodeGroup) {
  return {
    nodegroupName: g.name,
    nodegroupArn: g.arn,
    clusterName: c.name,
    version: c.version,
    releaseVersion: g.releaseVersion,
    createdAt: epochSeconds(g.createdAt),
    modifiedAt: epochSeconds(g.createdAt),
    status: g.status,
    capacityType: g.capacityType,
    scalingConfig: { minSize: g.minSize, maxSize: g.maxSize, desiredSize: g.desiredSize },
    instanceTypes: [g.instanceType],
    subnets: g.subnetIds,
    amiType: g.amiType,
    nodeRole: g.nodeRole,
    labels: g.labels,
    resources: { autoScalingGroups: [{ name: `eks-${g.name}-${g.arn.split('/').pop()}` }] },
    diskSize: g.diskSize,
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: {},
  };
}

export function addonShape(c: Cluster, a: Addon, account: string, status: string) {
  return {
    addonName: a.name,
    clusterName: c.name,
    status,
    addonVersion: a.version,
    health: { issues: [] },
    addonArn: `arn:aws:eks:${c.region}:${account}:addon/${c.name}/${a.name}/${c.arn.length.toString(16)}c9d2e1f0`,
    createdAt: epochSeconds(a.createdAt),
    modifiedAt: epochSeconds(a.modifiedAt),
    ...(a.configurationValues ? { configurationValues: a.configurationValues } : {}),
    tags: {},
  };
}

export function accessEntryShape(c: Cluster, e: AccessEntry) {
  return {
    clusterName: c.name,
    principalArn: e.principalArn,
    kubernetesGroups: e.kubernetesGroups,
    accessEntryArn: e.arn,
    createdAt: epochSeconds(e.createdAt),
    modifiedAt: epochSeconds(e.createdAt),
    tags: e.tags,
    username: e.username,
    type: e.type,
  };
}
