import {
  type Cluster,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  type EKSClient,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListNodegroupsCommand,
  UpdateAddonCommand,
} from '@aws-sdk/client-eks';
import type { AccessEntryType, Eks, EksCluster } from '../../cloud-ports';
import type { AccessEntryFacts, AddonFacts, NodegroupFacts } from '../../domain/facts';
import { awsError, isAwsError } from './aws-errors';
import { allPages, mapLimit } from './paging';

/** EKS through the SDK client of the cluster's region (and role). */
export function createEks(client: EKSClient, region: string): Eks {
  const call = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw awsError(err, `${action} in ${region}`);
    }
  };

  return {
    describeCluster: (name) =>
      call(`Describing EKS cluster ${name}`, async () => {
        const out = await client.send(new DescribeClusterCommand({ name }));
        return toCluster(name, out.cluster);
      }),

    listNodegroups: (cluster) =>
      call(`Listing node groups of EKS cluster ${cluster}`, async () => {
        const names = await allPages(async (nextToken) => {
          const out = await client.send(new ListNodegroupsCommand({ clusterName: cluster, nextToken }));
          return { items: out.nodegroups ?? [], nextToken: out.nextToken };
        });
        return mapLimit(names, async (nodegroupName): Promise<NodegroupFacts> => {
          const { nodegroup: ng } = await client.send(
            new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName }),
          );
          const scaling = ng?.scalingConfig;
          return {
            name: nodegroupName,
            instanceTypes: ng?.instanceTypes ?? [],
            ...(ng?.diskSize !== undefined ? { diskSize: ng.diskSize } : {}),
            scalingConfig: {
              minSize: scaling?.minSize ?? 0,
              maxSize: scaling?.maxSize ?? 0,
              desiredSize: scaling?.desiredSize ?? 0,
            },
            ...(ng?.status ? { status: ng.status } : {}),
          };
        });
      }),

    listAddons: (cluster) =>
      call(`Listing add-ons of EKS cluster ${cluster}`, async () => {
        const names = await allPages(async (nextToken) => {
          const out = await client.send(new ListAddonsCommand({ clusterName: cluster, nextToken }));
          return { items: out.addons ?? [], nextToken: out.nextToken };
        });
        return mapLimit(names, async (addonName): Promise<AddonFacts> => {
          const { addon } = await client.send(new DescribeAddonCommand({ clusterName: cluster, addonName }));
          return {
            name: addonName,
            status: addon?.status ?? 'UNKNOWN',
            ...(addon?.addonVersion ? { version: addon.addonVersion } : {}),
          };
        });
      }),

    listAccessEntries: (cluster) =>
      call(`Listing access entries of EKS cluster ${cluster}`, async () => {
        const arns = await allPages(async (nextToken) => {
          const out = await client.send(new ListAccessEntriesCommand({ clusterName: cluster, nextToken }));
          return { items: out.accessEntries ?? [], nextToken: out.nextToken };
        });
        return mapLimit(arns, async (principalArn): Promise<AccessEntryFacts> => {
          const { accessEntry } = await client.send(
            new DescribeAccessEntryCommand({ clusterName: cluster, principalArn }),
          );
          return { principalArn, type: accessEntry?.type ?? 'STANDARD' };
        });
      }),

    describeAddon: (cluster, addonName) =>
      call(`Describing add-on ${addonName} of EKS cluster ${cluster}`, async () => {
        try {
          const { addon } = await client.send(new DescribeAddonCommand({ clusterName: cluster, addonName }));
          return {
            name: addonName,
            status: addon?.status ?? 'UNKNOWN',
            ...(addon?.addonVersion ? { version: addon.addonVersion } : {}),
            configurationValues: addon?.configurationValues ?? '',
          };
        } catch (err) {
          if (isAwsError(err, 'ResourceNotFoundException')) return undefined;
          throw err;
        }
      }),

    updateAddonConfiguration: (cluster, addonName, configurationValues) =>
      call(`Updating add-on ${addonName} of EKS cluster ${cluster}`, async () => {
        try {
          await client.send(new UpdateAddonCommand({ clusterName: cluster, addonName, configurationValues }));
          return 'sent' as const;
        } catch (err) {
          // Another update (another pool's, a person's) got there between our look and this call.
          if (isAwsError(err, 'ResourceInUseException')) return 'busy' as const;
          throw err;
        }
      }),

    createAccessEntry: (cluster, principalArn, type: AccessEntryType) =>
      call(`Creating a ${type} access entry for ${principalArn} on EKS cluster ${cluster}`, async () => {
        try {
          await client.send(new CreateAccessEntryCommand({ clusterName: cluster, principalArn, type }));
          return 'created' as const;
        } catch (err) {
          if (isAwsError(err, 'ResourceInUseException')) return 'exists' as const;
          throw err;
        }
      }),
  };
}

function toCluster(name: string, c: Cluster | undefined): EksCluster {
  const remote = c?.remoteNetworkConfig;
  const cidrs = (networks: { cidrs?: string[] }[] | undefined) =>
    (networks ?? []).flatMap((n) => n.cidrs ?? []);
  return {
    name: c?.name ?? name,
    ...(c?.arn ? { arn: c.arn } : {}),
    version: c?.version ?? '',
    status: c?.status ?? 'UNKNOWN',
    endpoint: c?.endpoint ?? '',
    caData: c?.certificateAuthority?.data ?? '',
    // EKS leaves accessConfig out on clusters that predate access entries: they use the aws-auth ConfigMap.
    authenticationMode: c?.accessConfig?.authenticationMode ?? 'CONFIG_MAP',
    ...(remote ? { remoteNodeNetworks: cidrs(remote.remoteNodeNetworks) } : {}),
    remotePodNetworks: cidrs(remote?.remotePodNetworks),
    ...(c?.kubernetesNetworkConfig?.serviceIpv4Cidr
      ? { serviceIpv4Cidr: c.kubernetesNetworkConfig.serviceIpv4Cidr }
      : {}),
    ...(c?.resourcesVpcConfig?.vpcId ? { vpcId: c.resourcesVpcConfig.vpcId } : {}),
    subnetIds: c?.resourcesVpcConfig?.subnetIds ?? [],
  };
}
