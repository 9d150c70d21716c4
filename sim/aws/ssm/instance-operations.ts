import type { Fleet } from '../../fleet/fleet';
import type { ManagedInstance, Tag } from '../../fleet/types';
import { epochSeconds, paginate } from '../pagination';
import { invalidNextToken, maxResults, ssmError } from './ssm-errors';

type Filter = { key: string; values: string[] };

const FIELDS: Record<string, (i: ManagedInstance) => string> = {
  InstanceIds: (i) => i.instanceId,
  PingStatus: (i) => i.pingStatus,
  PlatformTypes: () => 'Linux',
  ActivationIds: (i) => i.activationId,
  IamRole: (i) => i.iamRole,
  ResourceType: () => 'ManagedInstance',
  AgentVersion: () => AGENT_VERSION,
};

const AGENT_VERSION = '3.3.1802.0';

const ALLOWED_VALUES: Record<string, string[]> = {
  PingStatus: ['Online', 'ConnectionLost', 'Inactive'],
  ResourceType: ['ManagedInstance', 'EC2Instance'],
  PlatformTypes: ['Windows', 'Linux', 'MacOS'],
};

interface DescribeInput {
  InstanceInformationFilterList?: Array<{ key?: string; valueSet?: string[] }>;
  Filters?: Array<{ Key?: string; Values?: string[] }>;
  MaxResults?: number;
  NextToken?: string;
}

export function describeInstanceInformation(fleet: Fleet, input: DescribeInput, region: string) {
  const max = maxResults(input.MaxResults, 5, 50, 50);
  const filters: Filter[] = [
    ...(input.InstanceInformationFilterList ?? []).map((f) => ({
      key: f.key ?? '',
      values: f.valueSet ?? [],
    })),
    ...(input.Filters ?? []).map((f) => ({ key: f.Key ?? '', values: f.Values ?? [] })),
  ];
  for (const f of filters) {
    if (!FIELDS[f.key] && !f.key.startsWith('tag:') && f.key !== 'tag-key') {
      throw ssmError('InvalidFilterKey', `The specified key ${f.key} isn't valid.`);
    }
    if (f.values.length === 0)
      throw ssmError('InvalidInstanceInformationFilterValue', `The filter ${f.key} has no values.`);
    const allowed = ALLOWED_VALUES[f.key];
    const wrong = allowed && f.values.find((v) => !allowed.includes(v));
    if (wrong) {
      throw ssmError(
        'InvalidInstanceInformationFilterValue',
        `The filter value ${wrong} isn't valid for ${f.key}.`,
      );
    }
  }
  const now = fleet.now();
  const list = [...fleet.instances.values()].filter(
    (i) => i.region === region && filters.every((f) => matches(i, f)),
  );
  const { page, nextToken } = paginate(list, max, input.NextToken, invalidNextToken);
  return {
    InstanceInformationList: page.map((i) => {
      // Online agents ping every few minutes; the last ping of a lost one stays where it was.
      if (i.pingStatus === 'Online') i.lastPingDateTime = now;
      return instanceShape(i);
    }),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

function matches(i: ManagedInstance, f: Filter): boolean {
  if (f.key === 'tag-key') return f.values.some((k) => i.tags.has(k));
  if (f.key.startsWith('tag:')) {
    const value = i.tags.get(f.key.slice(4));
    return value !== undefined && f.values.includes(value);
  }
  return f.values.includes(FIELDS[f.key]!(i));
}

function instanceShape(i: ManagedInstance) {
  return {
    InstanceId: i.instanceId,
    PingStatus: i.pingStatus,
    LastPingDateTime: epochSeconds(i.lastPingDateTime),
    AgentVersion: AGENT_VERSION,
    IsLatestVersion: false,
    PlatformType: 'Linux',
    PlatformName: i.platformName,
    PlatformVersion: i.platformVersion,
    ActivationId: i.activationId,
    IamRole: i.iamRole,
    RegistrationDate: epochSeconds(i.registrationDate),
    ResourceType: 'ManagedInstance',
    ...(i.name !== undefined ? { Name: i.name } : {}),
    IPAddress: i.ipAddress,
    ComputerName: i.hostName,
    SourceId: i.instanceId,
    SourceType: 'AWS::SSM::ManagedInstance',
  };
}

function instanceIn(fleet: Fleet, id: string | undefined, region: string): ManagedInstance {
  const instance = id ? fleet.instances.get(id) : undefined;
  if (!instance || instance.region !== region)
    throw ssmError('InvalidInstanceId', `Instance Id ${id ?? ''} is not valid.`);
  return instance;
}

export function deregisterManagedInstance(fleet: Fleet, input: { InstanceId?: string }, region: string) {
  const instance = instanceIn(fleet, input.InstanceId, region);
  fleet.instances.delete(instance.instanceId);
  fleet.effects.count(instance.hostName ?? instance.instanceId, 'DeregisterManagedInstance');
  const host = fleet.hostByInstance(instance.instanceId);
  if (host) host.managedInstanceId = undefined;
  return {};
}

interface TagInput {
  ResourceType?: string;
  ResourceId?: string;
  Tags?: Tag[];
  TagKeys?: string[];
}

function taggable(fleet: Fleet, input: TagInput, region: string): ManagedInstance {
  if (input.ResourceType !== 'ManagedInstance') {
    throw ssmError(
      'InvalidResourceType',
      "The resource type isn't valid. For example, if you are attempting to tag an EC2 instance, the instance must be a registered managed node.",
    );
  }
  const instance = fleet.instances.get(input.ResourceId ?? '');
  if (!instance || instance.region !== region) {
    throw ssmError(
      'InvalidResourceId',
      "The resource ID isn't valid. Verify that you entered the correct ID and try again.",
    );
  }
  return instance;
}

export function addTagsToResource(fleet: Fleet, input: TagInput, region: string) {
  const instance = taggable(fleet, input, region);
  const next = new Map(instance.tags);
  for (const t of input.Tags ?? []) next.set(t.Key, t.Value);
  if (next.size > 50)
    throw ssmError(
      'TooManyTagsError',
      'The Targets parameter includes too many tags. Remove one or more tags and try the command again.',
    );
  instance.tags = next;
  return {};
}

export function removeTagsFromResource(fleet: Fleet, input: TagInput, region: string) {
  const instance = taggable(fleet, input, region);
  for (const k of input.TagKeys ?? []) instance.tags.delete(k);
  return {};
}

export function listTagsForResource(fleet: Fleet, input: TagInput, region: string) {
  const instance = taggable(fleet, input, region);
  return { TagList: [...instance.tags].map(([Key, Value]) => ({ Key, Value })) };
}
