import type { Fleet } from '../../fleet/fleet';
import type { Cluster } from '../../fleet/types';
import { jsonReply } from '../http-io';
import { paginate } from '../pagination';
import type { AwsCall, Operation } from '../service';
import { addonStatus } from './addon-status';
import { notFound } from './eks-errors';
import { badToken, listParams } from './list-params';
import { addonShape, clusterShape, nodegroupShape } from './shapes';

export function clusterOf(fleet: Fleet, call: AwsCall, name: string): Cluster {
  const cluster = fleet.clusterIn(call.scope.region, name);
  if (!cluster) throw notFound(`No cluster found for name: ${name}.`, { clusterName: name });
  return cluster;
}

export function listClusters(fleet: Fleet, call: AwsCall): Operation {
  return {
    name: 'ListClusters',
    run: () => {
      const { maxResults, nextToken } = listParams(call);
      const names = [...fleet.clusters.values()]
        .filter((c) => c.region === call.scope.region)
        .map((c) => c.name);
      const { page, nextToken: next } = paginate(names.sort(), maxResults, nextToken, badToken);
      return jsonReply(200, { clusters: page, ...(next ? { nextToken: next } : {}) });
    },
  };
}

export function describeCluster(fleet: Fleet, call: AwsCall, name: string): Operation {
  return {
    name: 'DescribeCluster',
    run: () => jsonReply(200, { cluster: clusterShape(clusterOf(fleet, call, name), fleet.options.caPem) }),
  };
}

export function listNodegroups(fleet: Fleet, call: AwsCall, name: string): Operation {
  return {
    name: 'ListNodegroups',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const { maxResults, nextToken } = listParams(call, name);
      const { page, nextToken: next } = paginate(
        [...cluster.nodeGroups.keys()].sort(),
        maxResults,
        nextToken,
        badToken,
      );
      return jsonReply(200, { nodegroups: page, ...(next ? { nextToken: next } : {}) });
    },
  };
}

export function describeNodegroup(fleet: Fleet, call: AwsCall, name: string, group: string): Operation {
  return {
    name: 'DescribeNodegroup',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const g = cluster.nodeGroups.get(group);
      if (!g)
        throw notFound(`No node group found for name: ${group}.`, {
          clusterName: name,
          nodegroupName: group,
        });
      return jsonReply(200, { nodegroup: nodegroupShape(cluster, g) });
    },
  };
}

export function listAddons(fleet: Fleet, call: AwsCall, name: string): Operation {
  return {
    name: 'ListAddons',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const { maxResults, nextToken } = listParams(call, name);
      const { page, nextToken: next } = paginate(
        [...cluster.addons.keys()].sort(),
        maxResults,
        nextToken,
        badToken,
      );
      return jsonReply(200, { addons: page, ...(next ? { nextToken: next } : {}) });
    },
  };
}

export function describeAddon(fleet: Fleet, call: AwsCall, name: string, addonName: string): Operation {
  return {
    name: 'DescribeAddon',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const addon = cluster.addons.get(addonName);
      if (!addon) {
        throw notFound(`No addon: ${addonName} found in cluster: ${name}`, { clusterName: name, addonName });
      }
      return jsonReply(200, {
        addon: addonShape(cluster, addon, fleet.account, addonStatus(addon, fleet.now())),
      });
    },
  };
}
