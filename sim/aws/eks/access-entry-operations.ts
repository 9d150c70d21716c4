import { accessEntryArn } from '../../fleet/access-entry-arn';
import type { Fleet } from '../../fleet/fleet';
import type { Cluster } from '../../fleet/types';
import { jsonReply } from '../http-io';
import { paginate } from '../pagination';
import type { AwsCall, Operation } from '../service';
import { clusterOf } from './cluster-operations';
import { AUTH_MODE_REQUIRED, inUse, invalidParameter, invalidRequest, notFound } from './eks-errors';
import { badToken, listParams } from './list-params';
import { accessEntryShape } from './shapes';

const TYPES = [
  'STANDARD',
  'EC2_LINUX',
  'EC2_WINDOWS',
  'FARGATE_LINUX',
  'HYBRID_LINUX',
  'HYPERPOD_LINUX',
  'EC2',
];
const PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** Access entries exist only on clusters that authenticate with the EKS API. */
function apiCluster(fleet: Fleet, call: AwsCall, name: string): Cluster {
  const cluster = clusterOf(fleet, call, name);
  if (cluster.authenticationMode === 'CONFIG_MAP')
    throw invalidRequest(AUTH_MODE_REQUIRED, { clusterName: name });
  return cluster;
}

export function listAccessEntries(fleet: Fleet, call: AwsCall, name: string): Operation {
  return {
    name: 'ListAccessEntries',
    run: () => {
      const cluster = apiCluster(fleet, call, name);
      const { maxResults, nextToken } = listParams(call, name);
      const arns = [...cluster.accessEntries.keys()].sort();
      const { page, nextToken: next } = paginate(arns, maxResults, nextToken, badToken);
      return jsonReply(200, { accessEntries: page, ...(next ? { nextToken: next } : {}) });
    },
  };
}

export function describeAccessEntry(
  fleet: Fleet,
  call: AwsCall,
  name: string,
  principalArn: string,
): Operation {
  return {
    name: 'DescribeAccessEntry',
    run: () => {
      const cluster = apiCluster(fleet, call, name);
      const entry = cluster.accessEntries.get(principalArn);
      if (!entry) {
        throw notFound(
          "The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.",
          { clusterName: name },
        );
      }
      return jsonReply(200, { accessEntry: accessEntryShape(cluster, entry) });
    },
  };
}

interface CreateInput {
  principalArn?: string;
  kubernetesGroups?: string[];
  tags?: Record<string, string>;
  username?: string;
  type?: string;
}

export function createAccessEntry(fleet: Fleet, call: AwsCall, name: string): Operation {
  return {
    name: 'CreateAccessEntry',
    run: () => {
      const input = JSON.parse(call.body.toString('utf8') || '{}') as CreateInput;
      const cluster = apiCluster(fleet, call, name);
      const type = input.type ?? 'STANDARD';
      const principalArn = input.principalArn ?? '';
      if (!PRINCIPAL.test(principalArn)) {
        throw invalidParameter(`The principalArn parameter format is not valid: ${principalArn}`, {
          clusterName: name,
        });
      }
      if (!TYPES.includes(type))
        throw invalidParameter(`The type ${type} is not a valid access entry type.`, { clusterName: name });
      if (type !== 'STANDARD' && (input.kubernetesGroups?.length || input.username)) {
        throw invalidParameter(
          `kubernetesGroups and username can't be specified for access entries of type ${type}.`,
          {
            clusterName: name,
          },
        );
      }
      if (cluster.accessEntries.has(principalArn)) {
        throw inUse('The specified access entry resource is already in use on this cluster.', {
          clusterName: name,
        });
      }
      const entry = {
        principalArn,
        type,
        username: input.username ?? (type === 'STANDARD' ? principalArn : 'system:node:{{SessionName}}'),
        kubernetesGroups: input.kubernetesGroups ?? [],
        arn: accessEntryArn(cluster, fleet.account, principalArn),
        tags: input.tags ?? {},
        createdAt: fleet.now(),
      };
      cluster.accessEntries.set(principalArn, entry);
      return jsonReply(200, { accessEntry: accessEntryShape(cluster, entry) });
    },
  };
}
